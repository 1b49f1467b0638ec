import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { parseTenantConfig } from '../../main/backend/config/parse-tenant-config';
import { createBackend } from '../../main/backend/http/create-backend';
import { createLogger } from '../../main/log/logger';
import { benchLine } from './bench-line';

const USERS = 10_000;
const NODES = ['Engineering', 'Platform', 'Sales', 'Support'];

function p95(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] as number;
}

/**
 * `admin-users-10k`: p95 server time of a search page of `GET /v1/admin/users` (count, stage,
 * devices and second-factor methods per row) over 10,000 users with devices, vaults and
 * onboarding answers, against a bare `SELECT … ORDER BY email LIMIT 50` page on the same database.
 */
export async function benchAdminUsers10k(): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const yaml = stringify({
    tenant: 'Bench',
    publicUrl: 'http://127.0.0.1:8443',
    admin: { token },
    nodes: [{ name: 'Acme', defaultRole: 'Employee', children: NODES.map((name) => ({ name })) }],
    roles: [{ name: 'Employee', policy: { requireTwoFactor: true } }],
    rateLimits: { admin: { perIp: 1_000_000 } },
  });
  const config = await parseTenantConfig(yaml, { fileName: 'bench.yaml', baseDir: process.cwd() });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'keyhaven-admin-bench-'));
  const backend = await createBackend({ config, db: path.join(dir, 'bench.sqlite'), logger: createLogger({ level: 'silent' }), secretKey: randomBytes(32) });
  try {
    const db = backend.store.kysely;
    const now = new Date().toISOString();
    for (let start = 0; start < USERS; start += 500) {
      await db.transaction().execute(async (tx) => {
        const ids = Array.from({ length: Math.min(500, USERS - start) }, (_, k) => start + k);
        await tx
          .insertInto('users')
          .values(ids.map((i) => ({ id: `u${i}`, email: `person${i}@acme.test`, node: NODES[i % NODES.length] as string, role: 'Employee', status: i % 10 === 0 ? ('invited' as const) : ('active' as const), connection_id: null, created_at: now, updated_at: now, user_name: `person${i}@acme.test`, last_sign_in_at: i % 10 === 0 ? null : now })))
          .execute();
        const signedIn = ids.filter((i) => i % 10 !== 0);
        await tx.insertInto('devices').values(signedIn.map((i) => ({ id: `d${i}`, user_id: `u${i}`, name: 'Laptop', platform: 'linux', created_at: now, last_seen_at: now }))).execute();
        const withVault = signedIn.filter((i) => i % 3 !== 0);
        if (withVault.length > 0) await tx.insertInto('vault').values(withVault.map((i) => ({ user_id: `u${i}`, revision: 1, created_at: now }))).execute();
        const onboarded = withVault.filter((i) => i % 2 === 0);
        if (onboarded.length > 0) await tx.insertInto('onboarding_progress').values(onboarded.map((i) => ({ user_id: `u${i}`, step: 'done', status: 'done' as const, updated_at: now }))).execute();
      });
    }
    const terms = ['person1', 'person42', '@acme', 'person9999', 'son5', 'nobody'];
    const page = async (q: string, offset: number) => {
      const t0 = performance.now();
      const res = await backend.app.inject({ method: 'GET', url: `/v1/admin/users?q=${encodeURIComponent(q)}&offset=${offset}&limit=50`, headers: { authorization: `Bearer ${token}` } });
      if (res.statusCode !== 200) throw new Error(`GET /v1/admin/users answered ${res.statusCode}: ${res.body}`);
      return performance.now() - t0;
    };
    const bare = async (offset: number) => {
      const t0 = performance.now();
      await db.selectFrom('users').selectAll().orderBy('email').offset(offset).limit(50).execute();
      return performance.now() - t0;
    };
    for (let i = 0; i < 20; i += 1) await page(terms[i % terms.length] as string, 0);
    const samples: number[] = [];
    const baseline: number[] = [];
    for (let i = 0; i < 200; i += 1) {
      const offset = (i % 5) * 50;
      samples.push(await page(terms[i % terms.length] as string, offset));
      baseline.push(await bare(offset));
    }
    return benchLine('admin-users-10k', p95(samples), 'ms p95 per search page', p95(baseline), 'ms p95 bare SELECT page');
  } finally {
    await backend.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
