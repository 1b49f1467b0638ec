import * as client from 'openid-client';
import { startDemoOidcIdp } from '../../main/demo/oidc-idp';
import { authorizeInBrowser } from '../support/oidc-browser';
import { CLIENT_ID, REDIRECT } from '../support/oidc-tenant';
import { startTestBackend } from '../support/test-backend';
import { benchLine } from './bench-line';

/**
 * `oidc-callback`: sign-in callbacks completed per second by the backend (`POST /v1/sso/complete`:
 * transaction, token exchange with oidc-provider, ID token checks, JIT of a new user, session,
 * audit), against the baseline of bare openid-client `authorizationCodeGrant` calls to the same
 * provider. The browser part (login form) is done beforehand for both and not timed; each side
 * completes one sign-in untimed first (as saml-acs does), so neither pays the other's first-use
 * costs (code loading, the IdP's own warm-up) in its figure.
 */
export async function benchOidcCallback(n = 40): Promise<string[]> {
  const users = Array.from({ length: 2 * (n + 1) }, (_, i) => ({ email: `user${i}@acme.test`, password: `pw-${i}`, name: `User ${i}` }));
  const idp = await startDemoOidcIdp({ users, clientId: CLIENT_ID });
  const backend = await startTestBackend({
    yaml: `
tenant: Bench
admin:
  token: bench-admin-token-0123456789abcdef
nodes:
  - name: Bench
    defaultRole: Employee
roles:
  - name: Employee
sso:
  - id: bench-oidc
    type: oidc
    node: Bench
    domains: [acme.test]
    jit: true
    issuer: ${idp.issuer}
    clientId: ${CLIENT_ID}
`,
  });
  try {
    const ours: { transactionId: string; callbackUrl: string }[] = [];
    for (const u of users.slice(0, n + 1)) {
      const started = await backend.api('POST', '/v1/sso/start', { body: { email: u.email, redirectUri: REDIRECT } });
      const callbackUrl = await authorizeInBrowser(started.body.authorizationUrl, REDIRECT, { login: u.email, password: u.password });
      ours.push({ transactionId: started.body.transactionId, callbackUrl });
    }
    const [oursWarmUp, ...oursMeasured] = ours;
    if ((await backend.api('POST', '/v1/sso/complete', { body: oursWarmUp })).status !== 200) throw new Error('warm-up callback refused');
    let start = performance.now();
    for (const c of oursMeasured) {
      const res = await backend.api('POST', '/v1/sso/complete', { body: c });
      if (res.status !== 200) throw new Error(`callback refused: ${res.status} ${res.text}`);
    }
    const perSecond = (oursMeasured.length * 1000) / (performance.now() - start);

    const config = await client.discovery(new URL(idp.issuer), CLIENT_ID, undefined, client.None(), { execute: [client.allowInsecureRequests] });
    const bare: { url: URL; verifier: string; state: string; nonce: string }[] = [];
    for (const u of users.slice(n + 1)) {
      const verifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: REDIRECT,
        scope: 'openid email profile',
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      const callback = await authorizeInBrowser(url.href, REDIRECT, { login: u.email, password: u.password });
      bare.push({ url: new URL(callback), verifier, state, nonce });
    }
    const [bareWarmUp, ...bareMeasured] = bare;
    if (!bareWarmUp) throw new Error('no baseline cases');
    await client.authorizationCodeGrant(config, bareWarmUp.url, { pkceCodeVerifier: bareWarmUp.verifier, expectedState: bareWarmUp.state, expectedNonce: bareWarmUp.nonce });
    start = performance.now();
    for (const b of bareMeasured) {
      await client.authorizationCodeGrant(config, b.url, { pkceCodeVerifier: b.verifier, expectedState: b.state, expectedNonce: b.nonce });
    }
    const baselinePerSecond = (bareMeasured.length * 1000) / (performance.now() - start);
    return [benchLine('oidc-callback', perSecond, 'callbacks/s', baselinePerSecond, 'bare openid-client code grants/s')];
  } finally {
    await backend.close();
    await idp.close();
  }
}
