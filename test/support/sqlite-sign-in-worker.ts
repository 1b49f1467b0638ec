/**
 * One process of the two-processes-on-one-SQLite-file test: opens the store on the file named
 * by argv, says "ready", waits for "go" on stdin, then finishes many sign-ins at once (JIT user,
 * device, session, audit: one write transaction each) and vault writes, and prints one JSON line:
 * how many succeeded and the error of each that did not.
 */
import { createInterface } from 'node:readline';
import { parseTenantConfig } from '../../main/backend/config/parse-tenant-config';
import { finishSignIn } from '../../main/backend/jit/finish-sign-in';
import { openStore } from '../../main/backend/store/open-store';

const [db = '', prefix = '', countText = '0', yaml = ''] = process.argv.slice(2);
const count = Number(countText);

async function main(): Promise<void> {
  const config = await parseTenantConfig(yaml, { fileName: 'worker.yaml', baseDir: process.cwd() });
  const connection = config.sso[0];
  if (!connection) throw new Error('no connection');
  const store = await openStore(db);
  process.stdout.write('ready\n');
  await new Promise<void>((resolve) => createInterface({ input: process.stdin }).once('line', () => resolve()));
  const errors: string[] = [];
  let ok = 0;
  const deps = { store, config, now: () => new Date() };
  const emails = Array.from({ length: count }, (_, i) => [`${prefix}-${i}@acme.test`, `shared-${i}@acme.test`]).flat();
  await Promise.all(
    emails.map(async (email, i) => {
      try {
        const result = await finishSignIn(deps, { connection, email, device: { id: `${prefix}-device-${i}`, name: 'Worker', platform: 'linux' }, method: 'oidc' });
        await store.vault.create(result.user.id, { deviceId: result.deviceId, wrappedDataKey: 'd2s=', passwordWrappedDataKey: null, publicKey: 'cA==', wrappedPrivateKey: 'cHI=' }, new Date());
        const applied = await store.vault.applyChanges(result.user.id, [{ id: `${prefix}-rec-${i}`, envelope: 'ZW52', baseRevision: null }], new Date());
        if (applied.kind !== 'applied') throw new Error(`vault write: ${applied.kind}`);
        ok += 1;
      } catch (err) {
        errors.push(`${(err as { code?: string }).code ?? ''} ${(err as Error).message}`);
      }
    }),
  );
  process.stdout.write(`${JSON.stringify({ ok, errors })}\n`);
  await store.close();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`worker failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
