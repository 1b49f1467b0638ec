import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { parseTenantConfig } from '../../main/backend/config/parse-tenant-config';
import { createBackend, type Backend } from '../../main/backend/http/create-backend';
import { createLogger } from '../../main/log/logger';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdefghij';

export interface TestBackend {
  readonly backend: Backend;
  readonly url: string;
  /** Moves the backend's clock (not the IdP's). */
  advanceClock(ms: number): void;
  /** Every log line the backend wrote. */
  readonly logs: string[];
  api(method: string, p: string, o?: { body?: unknown; token?: string; form?: Record<string, string> }): Promise<{ status: number; body: any; text: string; headers: Headers }>;
  close(): Promise<void>;
}

/** A real backend (HTTP on loopback, real store) for one tenant config text. */
export async function startTestBackend(o: {
  yaml: string;
  db?: string;
  baseDir?: string;
  publicUrl?: string;
  loopbackAcsPorts?: number[];
  /** The same key for every backend on one database (as KEYHAVEN_SECRET_KEY is in production). */
  secretKey?: Buffer;
  webhookPollMs?: number;
  subscriptionRefreshMs?: number;
  pushRoundMs?: number;
}): Promise<TestBackend> {
  const dir = mkdtempSync(path.join(tmpdir(), 'keyhaven-backend-'));
  const config = await parseTenantConfig(o.yaml, { fileName: 'test-tenant.yaml', baseDir: o.baseDir ?? dir });
  let offset = 0;
  const logs: string[] = [];
  const logger = createLogger({
    level: 'debug',
    destination: new Writable({
      write(chunk, _enc, cb) {
        logs.push(String(chunk));
        cb();
      },
    }) as never,
  });
  const backend = await createBackend({
    config,
    db: o.db ?? path.join(dir, 'backend.sqlite'),
    logger,
    now: () => new Date(Date.now() + offset),
    secretKey: o.secretKey ?? randomBytes(32),
    ...(o.publicUrl === undefined ? {} : { publicUrl: o.publicUrl }),
    ...(o.loopbackAcsPorts === undefined ? {} : { loopbackAcsPorts: o.loopbackAcsPorts }),
    ...(o.webhookPollMs === undefined ? {} : { webhookPollMs: o.webhookPollMs }),
    ...(o.subscriptionRefreshMs === undefined ? {} : { subscriptionRefreshMs: o.subscriptionRefreshMs }),
    ...(o.pushRoundMs === undefined ? {} : { pushRoundMs: o.pushRoundMs }),
  });
  const url = await backend.listen({ host: '127.0.0.1', port: 0 });
  return {
    backend,
    url,
    logs,
    advanceClock(ms) {
      offset += ms;
    },
    async api(method, p, a = {}) {
      const headers: Record<string, string> = {};
      if (a.token !== undefined) headers.authorization = `Bearer ${a.token}`;
      let body: string | undefined;
      if (a.form !== undefined) {
        headers['content-type'] = 'application/x-www-form-urlencoded';
        body = new URLSearchParams(a.form).toString();
      } else if (a.body !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(a.body);
      }
      const res = await fetch(`${url}${p}`, { method, headers, ...(body === undefined ? {} : { body }) });
      const text = await res.text();
      let json: unknown = null;
      try {
        json = JSON.parse(text);
      } catch {
        json = null;
      }
      return { status: res.status, body: json, text, headers: res.headers };
    },
    async close() {
      await backend.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
