import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoOidcIdp } from '../../../main/demo/oidc-idp';
import { signInOidc } from '../../support/oidc-session';
import { DEMO_USERS, oidcTenantYaml, startIdp } from '../../support/oidc-tenant';
import { startTestBackend, type TestBackend } from '../../support/test-backend';

/**
 * Behind a load balancer every connection comes from the balancer; the client's address is in
 * X-Forwarded-For. The Engineer role may sign in only from 203.0.113.0/24, and the test's
 * connections come from 127.0.0.1.
 */
const alice = { email: DEMO_USERS[0].email, password: DEMO_USERS[0].password };
const tenant = (issuer: string, trustedProxies: string) =>
  `${oidcTenantYaml(issuer).replace('      requireTwoFactor: true\n', '      requireTwoFactor: true\n      ipAllowlist: [203.0.113.0/24]\n')}server:\n  trustedProxies: ${trustedProxies}\n`;

describe('server.trustedProxies', () => {
  let idp: DemoOidcIdp;
  const backends: TestBackend[] = [];
  beforeAll(async () => {
    idp = await startIdp();
  });
  afterAll(async () => {
    for (const b of backends) await b.close();
    await idp?.close();
  });

  it('a trusted load balancer names the client: the role allowlist sees the employee’s address', async () => {
    const b = await startTestBackend({ yaml: tenant(idp.issuer, '[127.0.0.1/32, 10.0.0.0/8]') });
    backends.push(b);
    const inside = await signInOidc(b, alice, { headers: { 'x-forwarded-for': '203.0.113.7' } });
    expect(inside.status, JSON.stringify(inside.body)).toBe(200);
    // The balancer appends the address it saw: a client-made header in front of it changes nothing.
    const spoofed = await signInOidc(b, alice, { headers: { 'x-forwarded-for': '203.0.113.7, 198.51.100.9' } });
    expect(spoofed).toMatchObject({ status: 403, body: { error: 'ip_not_allowed' } });
    const direct = await signInOidc(b, alice);
    expect(direct).toMatchObject({ status: 403, body: { error: 'ip_not_allowed' } });
  });

  it('X-Forwarded-For from a peer that is not a trusted proxy is ignored', async () => {
    const b = await startTestBackend({ yaml: tenant(idp.issuer, '[10.0.0.0/8]') });
    backends.push(b);
    const res = await signInOidc(b, alice, { headers: { 'x-forwarded-for': '203.0.113.7' } });
    expect(res).toMatchObject({ status: 403, body: { error: 'ip_not_allowed' } });
  });

  it('refuses a trustedProxies entry that is not an address or CIDR range, naming the path', async () => {
    await expect(startTestBackend({ yaml: tenant(idp.issuer, '[10.0.0.0/33]') })).rejects.toThrow(
      /server\.trustedProxies\[0\]: must be an IP address or CIDR range/,
    );
  });
});
