import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { stringify } from 'yaml';
import { parseTenantConfig } from '../../main/backend/config/parse-tenant-config';
import { createBackend } from '../../main/backend/http/create-backend';
import { createLogger } from '../../main/log/logger';
import { ADMIN_SEED_NODES, seedAdminUsers } from '../support/admin-users-seed';
import { postgresTarget, sqliteTarget, type StoreTarget } from '../support/store-targets';
import { benchLine } from './bench-line';

const USERS = 10_000;

function p95(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] as number;
}

interface AdminUsersFigures {
  /** p95 ms of a page of `GET /v1/admin/users` (in-process, the HTTP route whole). */
  readonly page: number;
  /** p95 ms of a bare `SELECT * FROM users ORDER BY email LIMIT 50` on the same database. */
  readonly bare: number;
  /** SQL statements a page sent (the median: the rate limiter's once-a-minute sweep adds one now and then). */
  readonly statements: number;
}

/**
 * Pages as an admin types: the plain list, a first letter (10,000 matches), longer prefixes of
 * an email or of a user name, one person, nobody; with and without a node filter; first pages
 * and later ones.
 */
async function measureAdminUsers(target: StoreTarget, n = USERS): Promise<AdminUsersFigures> {
  await target.setup();
  const token = randomBytes(32).toString('base64url');
  const yaml = stringify({
    tenant: 'Bench',
    publicUrl: 'http://127.0.0.1:8443',
    admin: { token },
    nodes: [{ name: 'Acme', defaultRole: 'Employee', children: ADMIN_SEED_NODES.map((name) => ({ name })) }],
    roles: [{ name: 'Employee', policy: { requireTwoFactor: true } }],
    rateLimits: { admin: { perIp: 1_000_000 } },
  });
  const config = await parseTenantConfig(yaml, { fileName: 'bench.yaml', baseDir: process.cwd() });
  let statements = 0;
  const backend = await createBackend({ config, db: await target.fresh(), logger: createLogger({ level: 'silent' }), secretKey: randomBytes(32), onQuery: () => (statements += 1), subscriptionRefreshMs: 3_600_000 });
  try {
    await seedAdminUsers(backend, { from: 0, count: n });
    // What keeps the planner's statistics by now: the backend's hourly refresh on SQLite
    // (store.ts `optimize`), autovacuum's ANALYZE after a bulk load on PostgreSQL.
    await backend.store.optimize();
    if (target.name === 'postgres') await sql`analyze`.execute(backend.store.kysely);
    const db = backend.store.kysely;
    const terms = ['', 'p', 'person1', 'person42', 'p.name7', 'person9999', 'nobody'];
    const nodes = [null, 'Engineering'];
    const counts: number[] = [];
    const page = async (q: string, node: string | null, offset: number) => {
      const query = new URLSearchParams({ q, offset: String(offset), limit: '50', ...(node === null ? {} : { node }) });
      statements = 0;
      const t0 = performance.now();
      const res = await backend.app.inject({ method: 'GET', url: `/v1/admin/users?${query}`, headers: { authorization: `Bearer ${token}` } });
      const ms = performance.now() - t0;
      if (res.statusCode !== 200) throw new Error(`GET /v1/admin/users answered ${res.statusCode}: ${res.body}`);
      counts.push(statements);
      return ms;
    };
    const bare = async (offset: number) => {
      const t0 = performance.now();
      await db.selectFrom('users').selectAll().orderBy('email').offset(offset).limit(50).execute();
      return performance.now() - t0;
    };
    for (let i = 0; i < 28; i += 1) await page(terms[i % terms.length] as string, nodes[i % 2] as string | null, 0);
    const samples: number[] = [];
    const baseline: number[] = [];
    for (let i = 0; i < 280; i += 1) {
      const offset = (i % 5) * 50;
      samples.push(await page(terms[i % terms.length] as string, nodes[Math.floor(i / terms.length) % 2] as string | null, offset));
      baseline.push(await bare(offset));
    }
    return { page: p95(samples), bare: p95(baseline), statements: [...counts].sort((a, b) => a - b)[Math.floor(counts.length / 2)] as number };
  } finally {
    await backend.close();
    await target.teardown();
  }
}

/**
 * `admin-users-10k`: p95 server time of a page of `GET /v1/admin/users` (total, stage, devices
 * and second-factor methods per row) over 10,000 users, against a bare 50-row `SELECT … ORDER BY
 * email` on the same database; on SQLite, then on PostgreSQL.
 */
export async function benchAdminUsers10k(): Promise<string[]> {
  const sqlite = await measureAdminUsers(sqliteTarget());
  const postgres = await measureAdminUsers(postgresTarget());
  const line = (name: string, f: AdminUsersFigures) => `${benchLine(name, f.page, 'ms p95 per search page', f.bare, 'ms p95 bare SELECT page')}; ${f.statements} SQL statements per page`;
  return [line('admin-users-10k', sqlite), line('admin-users-10k-postgres', postgres)];
}
