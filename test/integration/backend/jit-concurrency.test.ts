import { describe, expect, it } from 'vitest';
import { useIdpAndBackend } from '../../support/idp-and-backend';
import { DEMO_USERS, events, oidcTenantYaml, reachCallback, scimUsers, startIdp } from '../../support/oidc-tenant';
import { postgresTarget, sqliteTarget } from '../../support/store-targets';
import { ADMIN_TOKEN } from '../../support/test-backend';

const alice = { login: DEMO_USERS[0].email, password: DEMO_USERS[0].password };

describe.each([sqliteTarget(), postgresTarget()])('JIT provisioning under concurrency on $name', (target) => {
  const t = useIdpAndBackend({ startIdp, yaml: oidcTenantYaml, target });

  it('creates exactly one user when 50 first sign-ins of one person complete at once', async () => {
    const flows = [];
    // The IdP round trips run 10 at a time; the 50 completions below all race together.
    for (let i = 0; i < 50; i += 10) {
      flows.push(...(await Promise.all(Array.from({ length: 10 }, () => reachCallback(t.b, 'alice@acme.test', alice)))));
    }
    const results = await Promise.all(flows.map((f) => t.b.api('POST', '/v1/sso/complete', { body: { transactionId: f.transactionId, callbackUrl: f.callbackUrl } })));
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(new Set(results.map((r) => r.body.user.id)).size).toBe(1);
    expect(new Set(results.map((r) => r.body.session)).size).toBe(50);
    const users = await scimUsers(t.b);
    expect(users.totalResults).toBe(1);
    const all = await t.b.api('GET', '/v1/admin/events?limit=1000', { token: ADMIN_TOKEN });
    expect(all.body.events.filter((e: { type: string }) => e.type === 'user.provisioned')).toHaveLength(1);
    expect(all.body.events.filter((e: { type: string }) => e.type === 'sign_in.succeeded')).toHaveLength(50);
    expect((await events(t.b)).some((e) => e.type === 'sign_in.failed')).toBe(false);
  }, 60_000);
});
