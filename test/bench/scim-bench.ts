import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { parseTenantConfig } from '../../main/backend/config/parse-tenant-config';
import { createBackend, type Backend } from '../../main/backend/http/create-backend';
import { createSamlIdentityProvider } from '../../main/demo/saml-response-builder';
import { createLogger } from '../../main/log/logger';
import { benchLine } from './bench-line';

const PUBLIC_URL = 'http://127.0.0.1:8443';
const TOKEN = randomBytes(32).toString('base64url');
const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';

async function startBackend(): Promise<{ backend: Backend; dir: string; idp: ReturnType<typeof createSamlIdentityProvider> }> {
  const idp = createSamlIdentityProvider({ entityId: 'https://idp.bench.test/saml' });
  const yaml = stringify({
    tenant: 'Bench',
    publicUrl: PUBLIC_URL,
    admin: { token: randomBytes(32).toString('base64url') },
    scim: { tokens: [{ name: 'bench', sha256: createHash('sha256').update(TOKEN).digest('hex') }] },
    nodes: [{ name: 'Bench', defaultRole: 'Employee' }],
    roles: [{ name: 'Employee', policy: {} }],
    rateLimits: { signIn: { perIp: 1_000_000 } },
    sso: [{ id: 'bench', type: 'saml', node: 'Bench', domains: ['bench.test'], jit: true, allowIdpInitiated: true, idpMetadata: idp.metadataXml('https://idp.bench.test/sso') }],
  });
  const config = await parseTenantConfig(yaml, { fileName: 'bench.yaml', baseDir: process.cwd() });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'keyhaven-scim-bench-'));
  const backend = await createBackend({ config, db: path.join(dir, 'bench.sqlite'), logger: createLogger({ level: 'silent' }), secretKey: randomBytes(32) });
  return { backend, dir, idp };
}

const scim = (backend: Backend, method: 'GET' | 'POST', url: string, body?: unknown) =>
  backend.app.inject({
    method,
    url: `/scim/v2${url}`,
    headers: { authorization: `Bearer ${TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }) },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });

function p95(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] as number;
}

/**
 * `scim-create`: users per second through `POST /scim/v2/Users` (validation, uniqueness, insert,
 * placement, audit — one transaction each), against JIT first sign-ins per second through
 * `POST /v1/sso/complete` (signed SAML responses built beforehand) in the same backend.
 */
export async function benchScimCreate(): Promise<string> {
  const { backend, dir, idp } = await startBackend();
  try {
    const n = 400;
    const t0 = performance.now();
    for (let i = 0; i < n; i += 1) {
      const res = await scim(backend, 'POST', '/Users', {
        schemas: [USER_SCHEMA],
        userName: `scim${i}@bench.test`,
        externalId: randomUUID(),
        name: { givenName: 'Bench', familyName: `User ${i}` },
        emails: [{ value: `scim${i}@bench.test`, type: 'work', primary: true }],
      });
      if (res.statusCode !== 201) throw new Error(`POST /Users answered ${res.statusCode}: ${res.body}`);
    }
    const scimPerSecond = n / ((performance.now() - t0) / 1000);

    const m = 200;
    const responses = Array.from({ length: m }, (_, i) =>
      idp.buildResponse({ spEntityId: `${PUBLIC_URL}/sso/saml/bench/metadata`, acsUrl: `${PUBLIC_URL}/sso/saml/bench/acs`, inResponseTo: null, email: `jit${i}@bench.test` }),
    );
    const t1 = performance.now();
    for (const samlResponse of responses) {
      const res = await backend.app.inject({ method: 'POST', url: '/v1/sso/complete', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ connectionId: 'bench', samlResponse }) });
      if (res.statusCode !== 200) throw new Error(`JIT sign-in answered ${res.statusCode}: ${res.body}`);
    }
    const jitPerSecond = m / ((performance.now() - t1) / 1000);
    return benchLine('scim-create', scimPerSecond, 'users/s', jitPerSecond, 'JIT first sign-ins/s');
  } finally {
    await backend.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `scim-filter-10k`: p95 of `GET /Users?filter=userName eq "…"` (another letter case than
 * stored) among 10,000 users, against the p95 of `GET /ServiceProviderConfig` (the same
 * authentication and HTTP path, no query). Goal: ≤ 20 ms.
 */
export async function benchScimFilter10k(): Promise<string> {
  const { backend, dir } = await startBackend();
  try {
    const total = 10_000;
    const now = new Date().toISOString();
    for (let i = 0; i < total; i += 500) {
      const rows = Array.from({ length: Math.min(500, total - i) }, (_, j) => {
        const email = `person${i + j}@bench.test`;
        return { id: randomUUID(), email, user_name: email, node: 'Bench', role: 'Employee', status: 'invited' as const, connection_id: 'bench', created_at: now, updated_at: now, external_id: randomUUID(), scim_json: null, assigned_node: 'Bench', assigned_role: null, last_sign_in_at: null };
      });
      await backend.store.kysely.insertInto('users').values(rows).execute();
    }
    const rounds = 500;
    const filterMs: number[] = [];
    const plainMs: number[] = [];
    for (let r = 0; r < rounds; r += 1) {
      const who = `Person${Math.floor(Math.random() * total)}@BENCH.test`;
      const a = performance.now();
      const res = await scim(backend, 'GET', `/Users?filter=${encodeURIComponent(`userName eq "${who}"`)}`);
      filterMs.push(performance.now() - a);
      if (res.statusCode !== 200 || (JSON.parse(res.body) as { totalResults: number }).totalResults !== 1) throw new Error(`filter answered ${res.statusCode}: ${res.body.slice(0, 200)}`);
      const b = performance.now();
      await scim(backend, 'GET', '/ServiceProviderConfig');
      plainMs.push(performance.now() - b);
    }
    return benchLine('scim-filter-10k', p95(filterMs), 'ms p95', p95(plainMs), 'ms p95 GET /ServiceProviderConfig');
  } finally {
    await backend.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
