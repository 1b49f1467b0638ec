import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoOidcIdp } from '../../../main/demo/oidc-idp';
import { signedIn } from '../../support/oidc-session';
import { DEMO_USERS, oidcTenantYaml, REDIRECT, startIdp } from '../../support/oidc-tenant';
import { startTestPostgres, type TestPostgres } from '../../support/postgres';
import { ADMIN_TOKEN, startTestBackend, type TestBackend } from '../../support/test-backend';

/**
 * Request limits over real HTTP. The test's requests all come from 127.0.0.1: one address,
 * like an office behind one NAT.
 */
const alice = { email: DEMO_USERS[0].email, password: DEMO_USERS[0].password };
const tight = (issuer: string) =>
  `${oidcTenantYaml(issuer)}rateLimits:
  windowSeconds: 60
  signIn: { perIp: 5 }
  twoFactor: { perIp: 1000, perAccount: 4 }
  admin: { perIp: 3 }
`;
const start = (b: TestBackend, email: string) => b.api('POST', '/v1/sso/start', { body: { email, redirectUri: REDIRECT } });

async function inBatches<T>(n: number, size: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i += size) out.push(...(await Promise.all(Array.from({ length: Math.min(size, n - i) }, (_, j) => fn(i + j)))));
  return out;
}

describe('rate limits', () => {
  let idp: DemoOidcIdp;
  const closers: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    idp = await startIdp();
  });
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
    await idp?.close();
  });
  const backend = async (o: Parameters<typeof startTestBackend>[0]) => {
    const b = await startTestBackend(o);
    closers.push(() => b.close());
    return b;
  };

  it('with the defaults, 1,000 employees behind one address all look up and start their sign-in within one window', async () => {
    const b = await backend({ yaml: oidcTenantYaml(idp.issuer) });
    const lookups = await inBatches(1000, 50, (i) => b.api('GET', `/v1/sso/lookup?email=employee${i}@acme.test`));
    expect(lookups.filter((r) => r.status !== 200)).toEqual([]);
    const starts = await inBatches(1000, 50, (i) => start(b, `employee${i}@acme.test`));
    expect(starts.filter((r) => r.status !== 200).map((r) => r.text)).toEqual([]);
  }, 180_000);

  it('answers 429 rate_limited with Retry-After past the per-address limit, and lets requests through again after the window', async () => {
    const b = await backend({ yaml: tight(idp.issuer) });
    for (let i = 0; i < 5; i += 1) expect((await b.api('GET', '/v1/sso/lookup?email=acme.test')).status).toBe(200);
    const refused = await b.api('GET', '/v1/sso/lookup?email=acme.test');
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ error: 'rate_limited', message: expect.stringMatching(/^Too many requests\. Try again in \d+ seconds?\.$/) });
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Other endpoints count on their own.
    expect((await start(b, 'alice@acme.test')).status).toBe(200);
    b.advanceClock(61_000);
    expect((await b.api('GET', '/v1/sso/lookup?email=acme.test')).status).toBe(200);
  });

  it('limits the two-factor endpoints per user, across that user’s sessions', async () => {
    const b = await backend({ yaml: tight(idp.issuer).replace('signIn: { perIp: 5 }', 'signIn: { perIp: 100 }') });
    const one = await signedIn(b, alice);
    const two = await signedIn(b, alice);
    for (const session of [one.session, two.session, one.session, two.session]) {
      expect((await b.api('GET', '/v1/two-factor', { token: session })).status).toBe(200);
    }
    const refused = await b.api('POST', '/v1/two-factor/verify', { token: two.session, body: { method: 'totp', code: '123456' } });
    expect(refused).toMatchObject({ status: 429, body: { error: 'rate_limited' } });
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('limits admin-token requests per address', async () => {
    const b = await backend({ yaml: tight(idp.issuer) });
    for (let i = 0; i < 3; i += 1) expect((await b.api('GET', '/v1/admin/events', { token: i === 1 ? 'wrong-token' : ADMIN_TOKEN })).status).not.toBe(429);
    expect(await b.api('GET', '/v1/admin/events', { token: ADMIN_TOKEN })).toMatchObject({ status: 429, body: { error: 'rate_limited' } });
  });

  describe('counters shared by every instance through the database', () => {
    let pg: TestPostgres;
    beforeAll(async () => {
      pg = await startTestPostgres();
    }, 60_000);
    afterAll(async () => {
      await pg?.stop();
    });

    const shared = async (db: string) => {
      const secretKey = randomBytes(32);
      const a = await backend({ yaml: tight(idp.issuer), db, secretKey });
      const b = await backend({ yaml: tight(idp.issuer), db, secretKey });
      // Ten concurrent lookups spread over both instances: exactly the five the limit allows pass.
      const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).api('GET', '/v1/sso/lookup?email=acme.test')));
      expect(answers.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 429, 429, 429, 429, 429]);
    };

    it('SQLite: two instances on one file', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'keyhaven-limits-'));
      closers.push(async () => rmSync(dir, { recursive: true, force: true }));
      await shared(path.join(dir, 'shared.sqlite'));
    });

    it('PostgreSQL: two instances on one database', async () => {
      await shared(await pg.createDatabase(`limits_${process.pid}`));
    });
  });
});
