import { randomBytes } from 'node:crypto';
import { parseTenantConfig } from '../../main/backend/config/parse-tenant-config';
import { createBackend, type Backend } from '../../main/backend/http/create-backend';
import { finishSignIn } from '../../main/backend/jit/finish-sign-in';
import { createLogger } from '../../main/log/logger';
import { tenantYaml } from './tenant-yaml';

const YAML = tenantYaml({
  roles: '  - name: Employee\n    policy: { onboarding: false }',
  rest: `sso:
  - id: acme-oidc
    type: oidc
    node: Acme Corp
    domains: [acme.test]
    issuer: http://127.0.0.1:1/
    clientId: keyhaven
`,
});

export interface VaultSyncFixture {
  readonly backend: Backend;
  readonly url: string;
  readonly session: string;
  readonly userId: string;
  readonly deviceId: string;
  /** Stores new records (envelopes made by the caller), 500 per write like the app's batches. */
  addRecords(records: readonly { id: string; envelope: string }[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * A listening backend on `db` with one signed-in person whose vault exists: the server side of a
 * sync. The sign-in is finished directly (the SSO checks are not what a sync measures).
 */
export async function startVaultSyncFixture(o: { db: string; onQuery?: (sql: string) => void }): Promise<VaultSyncFixture> {
  const config = await parseTenantConfig(YAML, { fileName: 'vault-sync.yaml', baseDir: process.cwd() });
  const backend = await createBackend({
    config,
    db: o.db,
    logger: createLogger({ level: 'silent' }),
    secretKey: randomBytes(32),
    ...(o.onQuery === undefined ? {} : { onQuery: o.onQuery }),
  });
  const url = await backend.listen({ host: '127.0.0.1', port: 0 });
  const connection = config.sso[0]!;
  const deps = { store: backend.store, config, now: () => new Date() };
  const signedIn = await finishSignIn(deps, { connection, email: 'alice@acme.test', device: { id: 'sync-laptop-1', name: 'Laptop', platform: 'linux' }, method: 'oidc' });
  const userId = signedIn.user.id;
  const keys = { deviceId: signedIn.deviceId, wrappedDataKey: 'd2s=', passwordWrappedDataKey: null, publicKey: 'cA==', wrappedPrivateKey: 'cHI=' };
  if (!(await backend.store.vault.create(userId, keys, new Date()))) throw new Error('vault not created');
  return {
    backend,
    url,
    session: signedIn.session,
    userId,
    deviceId: signedIn.deviceId,
    async addRecords(records) {
      for (let i = 0; i < records.length; i += 500) {
        const changes = records.slice(i, i + 500).map((r) => ({ id: r.id, envelope: r.envelope, baseRevision: null }));
        const applied = await backend.store.vault.applyChanges(userId, changes, new Date());
        if (applied.kind !== 'applied') throw new Error(`records not stored: ${applied.kind}`);
      }
    },
    close: () => backend.close(),
  };
}
