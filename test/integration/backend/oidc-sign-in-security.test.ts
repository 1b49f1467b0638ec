import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DemoOidcIdp } from '../../../main/demo/oidc-idp';
import { authorizeInBrowser } from '../../support/oidc-browser';
import { DEMO_USERS, events, oidcTenantYaml, reachCallback, REDIRECT, scimUsers, startIdp, startSignIn } from '../../support/oidc-tenant';
import { startTestBackend, type TestBackend } from '../../support/test-backend';

const alice = { login: DEMO_USERS[0].email, password: DEMO_USERS[0].password };

describe('OIDC sign-in refuses every failed check and creates nothing', () => {
  let idp: DemoOidcIdp;
  let b: TestBackend;

  beforeAll(async () => {
    idp = await startIdp();
  });
  beforeEach(async () => {
    await b?.close();
    b = await startTestBackend({ yaml: oidcTenantYaml(idp.issuer) });
  });
  afterAll(async () => {
    await b?.close();
    await idp?.close();
  });

  const complete = (transactionId: string, callbackUrl: string) => b.api('POST', '/v1/sso/complete', { body: { transactionId, callbackUrl } });

  async function expectRefused(res: { status: number; body: any }, code: string, status: number, check?: RegExp) {
    expect(res.status).toBe(status);
    expect(res.body.error).toBe(code);
    if (check) {
      expect(res.body.message).toMatch(check);
      // Programs read the check (or the IdP's own code) from detail, never from the message.
      expect(code === 'idp_error' ? res.body.detail?.idp_error : `${res.body.detail?.check}:`).toMatch(check);
    }
    expect((await scimUsers(b)).totalResults).toBe(0);
    const evs = await events(b);
    expect(evs.map((e) => e.type)).not.toContain('session.created');
    expect(evs[0]).toMatchObject({ type: 'sign_in.failed', reason: code });
  }

  it('refuses a tampered state', async () => {
    const { transactionId, callbackUrl } = await reachCallback(b, 'alice@acme.test', alice);
    const u = new URL(callbackUrl);
    u.searchParams.set('state', 'forged-state-value');
    await expectRefused(await complete(transactionId, u.href), 'invalid_response', 400, /^state:/);
  });

  it('refuses an iss parameter naming another issuer (RFC 9207)', async () => {
    const { transactionId, callbackUrl } = await reachCallback(b, 'alice@acme.test', alice);
    const u = new URL(callbackUrl);
    u.searchParams.set('iss', 'http://127.0.0.1:1/evil');
    await expectRefused(await complete(transactionId, u.href), 'invalid_response', 400, /^iss:/);
  });

  it('refuses an ID token whose nonce is not the transaction\'s', async () => {
    const started = await startSignIn(b, 'alice@acme.test');
    const authUrl = new URL(started.authorizationUrl);
    authUrl.searchParams.set('nonce', 'a-nonce-the-attacker-chose-000000');
    const callbackUrl = await authorizeInBrowser(authUrl.href, REDIRECT, alice);
    await expectRefused(await complete(started.transactionId, callbackUrl), 'invalid_response', 400, /^nonce:/);
  });

  it('refuses an email the IdP has not verified', async () => {
    const { transactionId, callbackUrl } = await reachCallback(b, 'unverified@acme.test', { login: DEMO_USERS[2].email, password: DEMO_USERS[2].password });
    await expectRefused(await complete(transactionId, callbackUrl), 'invalid_response', 400, /^email_verified:/);
  });

  it('refuses an email outside the connection\'s domains', async () => {
    const { transactionId, callbackUrl } = await reachCallback(b, 'alice@acme.test', { login: DEMO_USERS[3].email, password: DEMO_USERS[3].password });
    await expectRefused(await complete(transactionId, callbackUrl), 'email_domain_not_allowed', 403);
  });

  it('reports the IdP\'s error code when the user cancels at the IdP', async () => {
    const { transactionId, callbackUrl } = await reachCallback(b, 'alice@acme.test', { ...alice, cancel: true });
    expect(new URL(callbackUrl).searchParams.get('error')).toBe('access_denied');
    await expectRefused(await complete(transactionId, callbackUrl), 'idp_error', 400, /access_denied/);
  });

  it('refuses a replayed transaction, even after a success', async () => {
    const { transactionId, callbackUrl } = await reachCallback(b, 'alice@acme.test', alice);
    expect((await complete(transactionId, callbackUrl)).status).toBe(200);
    const replay = await complete(transactionId, callbackUrl);
    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe('transaction_not_found');
    expect((await scimUsers(b)).totalResults).toBe(1);
  });

  it('refuses a failed transaction a second time (single use even on failure)', async () => {
    const { transactionId, callbackUrl } = await reachCallback(b, 'alice@acme.test', alice);
    const forged = new URL(callbackUrl);
    forged.searchParams.set('state', 'nope');
    expect((await complete(transactionId, forged.href)).status).toBe(400);
    await expectRefused(await complete(transactionId, callbackUrl), 'transaction_not_found', 400);
  });

  it('refuses an authorization code replayed into another transaction', async () => {
    const first = await reachCallback(b, 'alice@acme.test', alice);
    const second = await startSignIn(b, 'alice@acme.test');
    const stolen = new URL(first.callbackUrl);
    stolen.searchParams.set('state', new URL(second.authorizationUrl).searchParams.get('state') ?? '');
    await expectRefused(await complete(second.transactionId, stolen.href), 'invalid_response', 400, /^token_exchange:/);
  });

  it('refuses an expired transaction', async () => {
    const { transactionId, callbackUrl } = await reachCallback(b, 'alice@acme.test', alice);
    b.advanceClock(11 * 60_000);
    await expectRefused(await complete(transactionId, callbackUrl), 'transaction_expired', 400);
  });

  it('refuses a callback URL other than the one the sign-in started with', async () => {
    const { transactionId, callbackUrl } = await reachCallback(b, 'alice@acme.test', alice);
    const moved = callbackUrl.replace('127.0.0.1:53682', '127.0.0.1:53683');
    await expectRefused(await complete(transactionId, moved), 'invalid_response', 400, /^redirect_uri:/);
  });

  it('refuses a redirect URI that is not a loopback http URL (RFC 8252)', async () => {
    for (const redirectUri of ['https://evil.test/cb', 'http://evil.test:8080/cb', 'http://127.0.0.1/cb', 'http://user@127.0.0.1:1234/cb']) {
      const res = await b.api('POST', '/v1/sso/start', { body: { email: 'alice@acme.test', redirectUri } });
      expect(res.status, redirectUri).toBe(400);
      expect(res.body.error).toBe('bad_request');
    }
  });
});
