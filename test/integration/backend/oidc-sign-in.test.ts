import { describe, expect, it } from 'vitest';
import { useIdpAndBackend } from '../../support/idp-and-backend';
import { authorizeInBrowser } from '../../support/oidc-browser';
import { DEMO_USERS, events, oidcTenantYaml, reachCallback, REDIRECT, scimUsers, startIdp, startSignIn } from '../../support/oidc-tenant';
import { ADMIN_TOKEN } from '../../support/test-backend';

const alice = { login: DEMO_USERS[0].email, password: DEMO_USERS[0].password };
const EXT = 'urn:keyhaven:params:scim:schemas:extension:1.0:User';

describe('OIDC sign-in against oidc-provider', () => {
  const t = useIdpAndBackend({ startIdp, yaml: oidcTenantYaml });

  it('sends the browser to the IdP with PKCE S256, state and nonce', async () => {
    const { authorizationUrl, transactionId } = await startSignIn(t.b, 'alice@acme.test');
    const u = new URL(authorizationUrl);
    expect(u.origin).toBe(t.idp.issuer);
    expect(u.searchParams.get('code_challenge_method')).toBe('S256');
    expect(u.searchParams.get('redirect_uri')).toBe(REDIRECT);
    expect(u.searchParams.get('state')).toMatch(/^[\w-]{20,}$/);
    expect(u.searchParams.get('nonce')).toMatch(/^[\w-]{20,}$/);
    expect(transactionId).toMatch(/^[\w-]{40,}$/);
  });

  it('signs a new employee in, provisions them just in time and shows them in SCIM', async () => {
    const device = { id: 'device-alice-1', name: 'Alice laptop', platform: 'linux' };
    const started = await startSignIn(t.b, 'alice@acme.test', device);
    const callbackUrl = await authorizeInBrowser(started.authorizationUrl, REDIRECT, alice);
    expect(new URL(callbackUrl).searchParams.get('iss')).toBe(t.idp.issuer);
    const res = await t.b.api('POST', '/v1/sso/complete', { body: { transactionId: started.transactionId, callbackUrl } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      user: { email: 'alice@acme.test', node: 'Engineering', role: 'Engineer' },
      policy: { requireTwoFactor: true, twoFactorMethods: ['totp'], onboarding: true },
      vaultExists: false,
      deviceId: 'device-alice-1',
    });
    expect(res.body.session).toMatch(/^[\w-]{43}$/);
    expect(new Date(res.body.sessionExpiresAt).getTime()).toBeGreaterThan(Date.now() + 11 * 3600_000);

    const users = await scimUsers(t.b);
    expect(users.totalResults).toBe(1);
    expect(users.Resources[0]).toMatchObject({ userName: 'alice@acme.test', active: true, [EXT]: { node: 'Engineering', role: 'Engineer' } });

    const types = (await events(t.b)).map((e) => e.type);
    expect(types.slice(0, 3)).toEqual(['sign_in.succeeded', 'session.created', 'user.provisioned']);

    const me = await t.b.api('GET', '/v1/me', { token: res.body.session });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ node: 'Engineering', role: 'Engineer', vaultExists: false, onboarding: [] });
  });

  it('signs a returning employee in without provisioning again', async () => {
    const { transactionId, callbackUrl } = await reachCallback(t.b, 'alice@acme.test', alice);
    const res = await t.b.api('POST', '/v1/sso/complete', { body: { transactionId, callbackUrl } });
    expect(res.status).toBe(200);
    expect((await scimUsers(t.b)).totalResults).toBe(1);
    expect((await events(t.b)).filter((e) => e.type === 'user.provisioned')).toHaveLength(1);
  });

  it('refuses an unknown user where JIT is off, and creates nothing', async () => {
    const before = (await scimUsers(t.b)).totalResults;
    const { transactionId, callbackUrl } = await reachCallback(t.b, 'bob@sales.acme.test', { login: DEMO_USERS[1].email, password: DEMO_USERS[1].password });
    const res = await t.b.api('POST', '/v1/sso/complete', { body: { transactionId, callbackUrl } });
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('jit_disabled');
    expect((await scimUsers(t.b)).totalResults).toBe(before);
    expect((await events(t.b))[0]).toMatchObject({ type: 'sign_in.failed', reason: 'jit_disabled', connectionId: 'sales-oidc' });
  });

  it('refuses a deactivated user and ends their sessions; reactivation lets them back in', async () => {
    const first = await reachCallback(t.b, 'alice@acme.test', alice);
    const signedIn = await t.b.api('POST', '/v1/sso/complete', { body: { transactionId: first.transactionId, callbackUrl: first.callbackUrl } });
    const userId = signedIn.body.user.id as string;

    const off = await t.b.api('POST', `/v1/admin/users/${userId}/deactivate`, { token: ADMIN_TOKEN });
    expect(off.status).toBe(200);
    expect((await t.b.api('GET', '/v1/me', { token: signedIn.body.session })).status).toBe(401);
    const scim = await t.b.api('GET', `/scim/v2/Users/${userId}`, { token: ADMIN_TOKEN });
    expect(scim.body.active).toBe(false);

    const again = await reachCallback(t.b, 'alice@acme.test', alice);
    const refused = await t.b.api('POST', '/v1/sso/complete', { body: { transactionId: again.transactionId, callbackUrl: again.callbackUrl } });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('user_deactivated');

    expect((await t.b.api('POST', `/v1/admin/users/${userId}/activate`, { token: ADMIN_TOKEN })).status).toBe(200);
    const back = await reachCallback(t.b, 'alice@acme.test', alice);
    expect((await t.b.api('POST', '/v1/sso/complete', { body: { transactionId: back.transactionId, callbackUrl: back.callbackUrl } })).status).toBe(200);
  });

  it('gives two people on one shared computer each a device id of their own that stays the same at every sign-in', async () => {
    const shared = { id: 'shared-computer-1', name: 'Front desk', platform: 'linux' };
    const carol = { login: DEMO_USERS[4].email, password: DEMO_USERS[4].password };
    async function signIn(email: string, as: { login: string; password: string }): Promise<string> {
      const started = await startSignIn(t.b, email, shared);
      const callbackUrl = await authorizeInBrowser(started.authorizationUrl, REDIRECT, as);
      const res = await t.b.api('POST', '/v1/sso/complete', { body: { transactionId: started.transactionId, callbackUrl } });
      expect(res.status).toBe(200);
      return String(res.body.deviceId);
    }
    const aliceFirst = await signIn('alice@acme.test', alice);
    const carolFirst = await signIn('carol@acme.test', carol);
    expect(carolFirst).not.toBe(aliceFirst);
    expect(await signIn('carol@acme.test', carol)).toBe(carolFirst);
    expect(await signIn('alice@acme.test', alice)).toBe(aliceFirst);
  });
});
