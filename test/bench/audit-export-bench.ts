import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { parseTenantConfig } from '../../main/backend/config/parse-tenant-config';
import { createBackend } from '../../main/backend/http/create-backend';
import { createLogger } from '../../main/log/logger';
import { benchLine } from './bench-line';

const EVENTS = 100_000;

/**
 * `audit-export-100k`: `GET /v1/admin/events.csv` of 100,000 events over real HTTP, read as a
 * stream, with the process's peak memory growth while it runs (the export reads 1,000 rows at a
 * time, so memory stays flat); against reading the same rows with one bare SELECT.
 */
export async function benchAuditExport100k(): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const yaml = stringify({
    tenant: 'Bench',
    admin: { token },
    nodes: [{ name: 'Acme', defaultRole: 'Employee' }],
    roles: [{ name: 'Employee', policy: {} }],
    rateLimits: { admin: { perIp: 1_000_000 } },
  });
  const config = await parseTenantConfig(yaml, { fileName: 'bench.yaml', baseDir: process.cwd() });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'keyhaven-audit-bench-'));
  const backend = await createBackend({ config, db: path.join(dir, 'bench.sqlite'), logger: createLogger({ level: 'silent' }), secretKey: randomBytes(32) });
  try {
    const db = backend.store.kysely;
    const start = Date.parse('2030-01-01T00:00:00Z');
    for (let i = 0; i < EVENTS; i += 1000) {
      const rows = Array.from({ length: 1000 }, (_, k) => {
        const n = i + k;
        const failed = n % 7 === 0;
        return {
          id: randomUUID(),
          type: failed ? 'sign_in.failed' : 'sign_in.succeeded',
          at: new Date(start + n * 1000).toISOString(),
          user_id: failed ? null : `u${n % 5000}`,
          connection_id: 'okta',
          reason: failed ? 'invalid_response' : null,
          details_json: JSON.stringify(failed ? { stage: 'complete', message: 'signature: the response is not signed by the IdP' } : { method: 'saml' }),
          email: failed ? `person${n % 5000}@acme.test` : null,
          ip: failed ? '203.0.113.7' : null,
        };
      });
      await db.transaction().execute((tx) => tx.insertInto('audit_events').values(rows).execute());
    }
    const url = await backend.listen({ host: '127.0.0.1', port: 0 });

    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    const t0 = performance.now();
    const res = await fetch(`${url}/v1/admin/events.csv`, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200 || res.body === null) throw new Error(`export answered ${res.status}`);
    let lines = 0;
    const reader = res.body.getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      for (const byte of chunk.value) if (byte === 10) lines += 1;
    }
    const ms = performance.now() - t0;
    clearInterval(sampler);
    if (lines !== EVENTS + 1) throw new Error(`export had ${lines} lines, expected ${EVENTS + 1}`);

    const t1 = performance.now();
    const all = await db.selectFrom('audit_events').selectAll().orderBy('seq', 'desc').execute();
    const bareMs = performance.now() - t1;
    if (all.length !== EVENTS) throw new Error('bare read lost rows');
    const growthMb = Math.round((peak - rssBefore) / 1024 / 1024);
    return `${benchLine('audit-export-100k', ms, 'ms', bareMs, 'ms one bare SELECT of the rows')}; memory growth while streaming ${growthMb} MB`;
  } finally {
    await backend.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
