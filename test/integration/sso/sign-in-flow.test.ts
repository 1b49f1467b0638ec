import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SignInState } from '../../../preload/contract';
import type { DemoOidcIdp } from '../../../main/demo/oidc-idp';
import { createSamlIdentityProvider } from '../../../main/demo/saml-response-builder';
import { createLogger } from '../../../main/log/logger';
import { createApiClient } from '../../../main/api/api-client';
import type { SignInAnswer } from '../../../main/api/endpoints/sso';
import { createSignInFlow, type SignInFlow } from '../../../main/sso/sign-in-flow';
import { authorizeInBrowser } from '../../support/oidc-browser';
import { ADMIN_TOKEN, startTestBackend, type TestBackend } from '../../support/test-backend';
import { CLIENT_ID, DEMO_USERS, startIdp } from '../../support/oidc-tenant';
import { tenantYaml } from '../../support/tenant-yaml';

/**
 * The app's half of sign-in (main/sso/sign-in-flow.ts and its loopback servers) against a real
 * backend, the real OpenID Provider and real signed SAML responses: what the loopback servers
 * relay, what they refuse, and which refusals leave the sign-in in progress alone.
 */
const PUBLIC_URL = 'https://keyhaven.acme.test';
const SSO_URL = 'https://idp.acme.test/sso';
const ACS_PORTS = [47591, 47592, 47593];
let device = { id: 'device-flow-test-0', name: 'Test laptop', platform: 'linux' };
let devices = 0;
const alice = DEMO_USERS[0];

describe('sign-in flow (app side)', () => {
  const samlIdp = createSamlIdentityProvider({ ssoUrl: SSO_URL });
  let oidcIdp: DemoOidcIdp;
  let b: TestBackend;
  let flow: SignInFlow | null = null;
  let states: SignInState[] = [];
  let answers: SignInAnswer[] = [];
  let signedIn = false;

  beforeAll(async () => {
    oidcIdp = await startIdp();
    b = await startTestBackend({
      publicUrl: PUBLIC_URL,
      loopbackAcsPorts: ACS_PORTS,
      yaml: tenantYaml({
        rest: `sso:
  - { id: acme-oidc, type: oidc, node: Acme Corp, domains: [acme.test], jit: true, issuer: ${oidcIdp.issuer}, clientId: ${CLIENT_ID} }
  - { id: acme-saml, type: saml, node: Acme Corp, domains: [saml.acme.test], jit: true, allowIdpInitiated: true, idpMetadata: ${JSON.stringify(samlIdp.metadataXml(SSO_URL))} }
`,
      }),
    });
  });
  afterEach(async () => {
    await flow?.close();
    flow = null;
  });
  afterAll(async () => {
    await b?.close();
    await oidcIdp?.close();
  });

  function makeFlow(o: { connectionId?: string; timeoutMs?: number } = {}): SignInFlow {
    states = [];
    answers = [];
    signedIn = false;
    devices += 1;
    device = { ...device, id: `device-flow-test-${devices}` };
    flow = createSignInFlow({
      backend: createApiClient({ baseUrl: b.url }),
      logger: createLogger({ level: 'silent' }),
      openExternal: async () => undefined,
      onSignedIn: async (answer) => {
        answers.push(answer);
        signedIn = true;
        return { kind: 'signed-out' };
      },
      emit: (state) => states.push(state),
      bringToFront: () => undefined,
      signedIn: async () => signedIn,
      device: () => device,
      samlAcsPorts: ACS_PORTS,
      ...o,
    });
    return flow;
  }

  const waiting = (state: SignInState) => {
    if (state.kind !== 'waiting') throw new Error(`expected waiting, got ${JSON.stringify(state)}`);
    return state;
  };
  const callbackPrefix = (authorizationUrl: string) => new URL(authorizationUrl).searchParams.get('redirect_uri')!;
  const acsUrl = (port: number) => `http://localhost:${port}/sso/saml/acme-saml/acs`;
  const unsolicited = (email: string, port: number) =>
    samlIdp.buildResponse({ spEntityId: `${PUBLIC_URL}/sso/saml/acme-saml/metadata`, acsUrl: acsUrl(port), signAssertion: true, email, inResponseTo: null });
  async function postToAcs(port: number, samlResponse: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
    const res = await fetch(acsUrl(port), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams({ SAMLResponse: samlResponse }).toString() });
    return { status: res.status, text: await res.text() };
  }

  it('OIDC: relays the callback the browser brought to the backend, signs in, and closes its ephemeral server', async () => {
    const f = makeFlow();
    const started = waiting(await f.start(alice.email));
    const prefix = callbackPrefix(started.authorizationUrl);
    expect(new URL(prefix).hostname).toBe('127.0.0.1');
    const callback = await authorizeInBrowser(started.authorizationUrl, prefix, { login: alice.email, password: alice.password });
    const page = await fetch(callback);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('You are signed in');
    expect(f.state().kind).toBe('signed-in');
    expect(answers.map((a) => a.user.email)).toEqual([alice.email]);
    await expect(fetch(callback)).rejects.toThrow();
  });

  it('OIDC: a stray callback with another state gets an error page and the sign-in keeps waiting', async () => {
    const f = makeFlow();
    const started = waiting(await f.start(alice.email));
    const prefix = callbackPrefix(started.authorizationUrl);
    const stray = await fetch(`${prefix}?code=forged&state=someone-else`);
    expect(stray.status).toBe(400);
    expect(await stray.text()).toContain('invalid_response');
    expect(f.state().kind).toBe('waiting');
    const callback = await authorizeInBrowser(started.authorizationUrl, prefix, { login: alice.email, password: alice.password });
    expect((await fetch(callback)).status).toBe(200);
    expect(f.state().kind).toBe('signed-in');
  });

  it('cancel ends the sign-in and closes its callback server; a late callback finds nothing', async () => {
    const f = makeFlow();
    const started = waiting(await f.start(alice.email));
    expect(await f.cancel()).toMatchObject({ kind: 'failed', error: { code: 'sign_in_cancelled' } });
    await expect(fetch(`${callbackPrefix(started.authorizationUrl)}?state=x`)).rejects.toThrow();
  });

  it('a sign-in not finished in time fails with sign_in_timeout', async () => {
    const f = makeFlow({ timeoutMs: 200 });
    waiting(await f.start(alice.email));
    await expect.poll(() => f.state()).toMatchObject({ kind: 'failed', error: { code: 'sign_in_timeout' } });
  });

  it('a managed connection takes every sign-in; the typed email is only a hint', async () => {
    const f = makeFlow({ connectionId: 'acme-saml' });
    // alice's domain routes to OpenID Connect; the managed connection is the SAML one.
    const started = waiting(await f.start(alice.email));
    expect(started.connectionType).toBe('saml');
    expect(new URL(started.authorizationUrl).origin).toBe(new URL(SSO_URL).origin);
  });

  it('SAML: an unsolicited response while idle signs in; while signed in it is only taken once confirmed', async () => {
    const f = makeFlow();
    const port = await f.listenForSaml();
    const first = await postToAcs(port, unsolicited('sam@saml.acme.test', port));
    expect(first.text).toContain('You are signed in');
    expect(answers.map((a) => a.user.email)).toEqual(['sam@saml.acme.test']);

    const second = await postToAcs(port, unsolicited('tom@saml.acme.test', port));
    expect(second.status).toBe(200);
    expect(second.text).toContain('Confirm in Keyhaven');
    expect(f.state()).toMatchObject({ kind: 'confirm', email: 'tom@saml.acme.test', source: 'identity-provider' });
    expect(answers).toHaveLength(1);
    expect(await f.confirm(false)).toEqual({ kind: 'idle' });
    expect(answers).toHaveLength(1);
    await expect.poll(async () => (await b.api('GET', '/v1/admin/events?type=sign_in.declined', { token: ADMIN_TOKEN })).body.events.length).toBe(1);

    await postToAcs(port, unsolicited('tom@saml.acme.test', port));
    expect((await f.confirm(true)).kind).toBe('signed-in');
    expect(answers.map((a) => a.user.email)).toEqual(['sam@saml.acme.test', 'tom@saml.acme.test']);
    // The app's own device, also where no transaction carried it (its vault key is filed under it).
    expect(answers[0]!.deviceId).toBe(device.id);
  });

  it('SAML: a response posted by a foreign page is refused and changes nothing', async () => {
    const f = makeFlow();
    const port = await f.listenForSaml();
    const res = await postToAcs(port, unsolicited('uma@saml.acme.test', port), { origin: 'https://evil.example' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('invalid_response');
    expect(answers).toEqual([]);
    expect(f.state()).toEqual({ kind: 'idle' });
  });

  it('a stale or forged keyhaven://handover code does not disturb a sign-in in progress', async () => {
    const f = makeFlow();
    waiting(await f.start(alice.email));
    expect((await f.receiveHandover('made-up-code-0123456789abcdef')).kind).toBe('waiting');
    expect(f.state().kind).toBe('waiting');
  });
});
