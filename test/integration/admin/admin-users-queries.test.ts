import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseTenantConfig } from '../../../main/backend/config/parse-tenant-config';
import { createBackend, type Backend } from '../../../main/backend/http/create-backend';
import { createLogger } from '../../../main/log/logger';
import { ADMIN_SEED_NODES, seedAdminUsers } from '../../support/admin-users-seed';
import { postgresTarget, sqliteTarget } from '../../support/store-targets';

const TOKEN = 'admin-users-queries-token-0123456789abcdef';

/**
 * A page of the admin people list costs one SQL statement, whatever it shows: no statement per
 * person (devices, second factors and stage are computed in it), none for the total. At 10,000
 * people on PostgreSQL an N+1 would be thousands of round trips a keystroke.
 */
describe.each([sqliteTarget(), postgresTarget()])('GET /v1/admin/users on $name', (target) => {
  let backend: Backend;
  let statements: string[] = [];

  beforeAll(async () => {
    await target.setup();
    const yaml = stringify({
      tenant: 'Queries',
      admin: { token: TOKEN },
      nodes: [{ name: 'Acme', defaultRole: 'Employee', children: ADMIN_SEED_NODES.map((name) => ({ name })) }],
      roles: [{ name: 'Employee', policy: { requireTwoFactor: true } }],
      rateLimits: { admin: { perIp: 1_000_000 } },
    });
    const config = await parseTenantConfig(yaml, { fileName: 'queries.yaml', baseDir: process.cwd() });
    backend = await createBackend({
      config,
      db: await target.fresh(),
      logger: createLogger({ level: 'silent' }),
      secretKey: randomBytes(32),
      onQuery: (sql) => statements.push(sql),
      // No re-read of the event subscriptions in the background while statements are counted.
      subscriptionRefreshMs: 3_600_000,
    });
    await seedAdminUsers(backend, { from: 0, count: 20 });
  }, 60_000);
  afterAll(async () => {
    await backend?.close();
    await target.teardown();
  });

  const page = async (query: Record<string, string>) => {
    statements = [];
    const res = await backend.app.inject({ method: 'GET', url: `/v1/admin/users?${new URLSearchParams(query)}`, headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.statusCode, res.body).toBe(200);
    // The rate limiter's counter (and its once-a-minute sweep) belongs to the HTTP layer, not the page.
    return { body: res.json() as { total: number; users: { email: string; devices: number; secondFactorMethods: string[]; stage: string }[] }, sql: statements.filter((s) => !s.includes('rate_limit_counters')) };
  };

  const QUERIES: Record<string, string>[] = [
    { limit: '1' },
    { limit: '50' },
    { q: 'p' },
    { q: 'person1', limit: '5', offset: '3' },
    { q: 'P.Name' },
    { q: 'nobody' },
    { q: 'person', node: 'Engineering' },
    { status: 'invited' },
    { stage: 'vault' },
    { source: 'jit' },
    { offset: '100000' },
  ];

  it('sends one statement per page, the same one for 20 people as for 320, whatever the size, filters or offset', async () => {
    const small = [];
    for (const q of QUERIES) small.push(await page(q));
    await seedAdminUsers(backend, { from: 20, count: 300 });
    for (const [i, q] of QUERIES.entries()) {
      const big = await page(q);
      expect(small[i]!.sql, JSON.stringify(q)).toHaveLength(1);
      expect(big.sql, JSON.stringify(q)).toEqual(small[i]!.sql);
    }
    // The unfiltered first page holds 50 people and counts all 320.
    const first = await page({ limit: '50' });
    expect(first.body.total).toBe(320);
    expect(first.body.users).toHaveLength(50);
  }, 60_000);

  it('finds people by the start of their email or user name in any letter case; wildcards are plain characters', async () => {
    const ids = Array.from({ length: 320 }, (_, i) => i);
    const byEmail = await page({ q: 'PERSON3', limit: '100' });
    expect(byEmail.body.total).toBe(ids.filter((i) => `person${i}`.startsWith('person3')).length);
    expect(byEmail.body.users.every((u) => u.email.startsWith('person3'))).toBe(true);
    // One in seven has the user name P.Name<i>; it finds them, listed under their email.
    const byName = await page({ q: 'p.name1', limit: '100' });
    const named = ids.filter((i) => i % 7 === 0 && `p.name${i}`.startsWith('p.name1'));
    expect(byName.body.users.map((u) => u.email)).toEqual(named.map((i) => `person${i}@acme.test`).sort());
    expect(byName.body.total).toBe(named.length);
    // Not a substring search: the middle of an email finds nobody.
    expect((await page({ q: 'son3' })).body.total).toBe(0);
    for (const q of ['%', 'person3%', 'person_']) expect((await page({ q })).body.total, q).toBe(0);
  });

  it('keeps the total on a page past the end, and the scope of a filter in the count', async () => {
    const past = await page({ offset: '100000' });
    expect(past.body).toMatchObject({ total: 320, users: [] });
    const engineering = await page({ node: 'Engineering', q: 'person1', limit: '100' });
    const expected = Array.from({ length: 320 }, (_, i) => i).filter((i) => i % 4 === 0 && `person${i}`.startsWith('person1'));
    expect(engineering.body.total).toBe(expected.length);
  });

  it('shows each person’s devices, second-factor methods and stage from the same statement', async () => {
    const person = async (i: number) => (await page({ q: `person${i}@` })).body.users[0];
    // Seed rules: 4 has an authenticator app and an unused backup code, 2 a security key, 1 nothing.
    expect(await person(4)).toMatchObject({ devices: 1, secondFactorMethods: ['totp', 'backup_codes'], stage: 'finished' });
    expect(await person(2)).toMatchObject({ devices: 1, secondFactorMethods: ['webauthn'], stage: 'finished' });
    expect(await person(1)).toMatchObject({ devices: 1, secondFactorMethods: [], stage: 'onboarding' });
    expect(await person(10)).toMatchObject({ devices: 0, secondFactorMethods: [], stage: 'sign_in' });
  });
});
