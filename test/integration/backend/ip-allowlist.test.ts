import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoOidcIdp } from '../../../main/demo/oidc-idp';
import { DEMO_USERS, oidcTenantYaml, reachCallback, scimUsers, startIdp } from '../../support/oidc-tenant';
import { startTestBackend, type TestBackend } from '../../support/test-backend';

/** The Engineer role may sign in only from 10.0.0.0/8; the test's requests come from 127.0.0.1. */
describe('role IP allowlist at sign-in', () => {
  let idp: DemoOidcIdp;
  let b: TestBackend;
  beforeAll(async () => {
    idp = await startIdp();
    const yaml = oidcTenantYaml(idp.issuer).replace('      requireTwoFactor: true\n', '      requireTwoFactor: true\n      ipAllowlist: [10.0.0.0/8]\n');
    expect(yaml).toContain('ipAllowlist');
    b = await startTestBackend({ yaml });
  });
  afterAll(async () => {
    await b?.close();
    await idp?.close();
  });

  it('refuses a sign-in from outside the allowlist with ip_not_allowed and creates nothing', async () => {
    const alice = { login: DEMO_USERS[0].email, password: DEMO_USERS[0].password };
    const { transactionId, callbackUrl } = await reachCallback(b, 'alice@acme.test', alice);
    const res = await b.api('POST', '/v1/sso/complete', { body: { transactionId, callbackUrl } });
    expect(res).toMatchObject({ status: 403, body: { error: 'ip_not_allowed' } });
    expect((await scimUsers(b)).totalResults).toBe(0);
  });
});
