import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../main/backend/store/open-store';
import { tenantYaml } from '../../support/tenant-yaml';

/**
 * Two processes on one SQLite file (an administrator starting a second backend on the embedded
 * database). Each finishes sign-ins and vault writes at the same moment as the other; half of
 * the people sign in through both at once. No sign-in may be lost to SQLITE_BUSY or
 * SQLITE_BUSY_SNAPSHOT: every one succeeds, every user exists exactly once.
 */
const ROOT = path.resolve(__dirname, '../../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const WORKER = path.join(ROOT, 'test/support/sqlite-sign-in-worker.ts');
const PER_WORKER = 40;
const YAML = tenantYaml({
  rest: `sso:
  - id: acme-oidc
    type: oidc
    node: Acme Corp
    domains: [acme.test]
    issuer: http://127.0.0.1:1/
    clientId: keyhaven
`,
});

function worker(db: string, prefix: string) {
  const child = spawn(TSX, [WORKER, db, prefix, String(PER_WORKER), YAML], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return {
    ready: async () => {
      while (!out.includes('ready\n')) {
        if (child.exitCode !== null) throw new Error(`worker exited: ${err}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    go: () => child.stdin.write('go\n'),
    result: async (): Promise<{ ok: number; errors: string[] }> => {
      const code = await exited;
      if (code !== 0) throw new Error(`worker failed (${code}): ${err}`);
      return JSON.parse(out.split('\n').filter(Boolean).at(-1) ?? '{}') as { ok: number; errors: string[] };
    },
  };
}

describe('two processes on one SQLite file', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'keyhaven-two-processes-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('concurrent sign-ins and vault writes from both all succeed; every user exists exactly once', async () => {
    const db = path.join(dir, 'embedded.sqlite');
    // The schema exists before the race, as it does for an embedded database already in use.
    await (await openStore(db)).close();
    const a = worker(db, 'a');
    const b = worker(db, 'b');
    await Promise.all([a.ready(), b.ready()]);
    a.go();
    b.go();
    const [ra, rb] = await Promise.all([a.result(), b.result()]);
    expect(ra.errors).toEqual([]);
    expect(rb.errors).toEqual([]);
    expect(ra.ok + rb.ok).toBe(4 * PER_WORKER);

    const store = await openStore(db);
    try {
      const users = await store.kysely.selectFrom('users').select('email').execute();
      expect(users).toHaveLength(3 * PER_WORKER);
      expect(new Set(users.map((u) => u.email)).size).toBe(3 * PER_WORKER);
      const sessions = await store.kysely.selectFrom('sessions').select('token_hash').execute();
      expect(sessions).toHaveLength(4 * PER_WORKER);
      const records = await store.kysely.selectFrom('vault_records').select('id').execute();
      expect(records).toHaveLength(4 * PER_WORKER);
    } finally {
      await store.close();
    }
  }, 120_000);
});
