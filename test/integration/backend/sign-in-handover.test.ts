import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSamlIdentityProvider, type BuildResponseOptions } from '../../../main/demo/saml-response-builder';
import { postgresTarget, sqliteTarget } from '../../support/store-targets';
import { ADMIN_TOKEN, startTestBackend, type TestBackend } from '../../support/test-backend';
import { tenantYaml } from '../../support/tenant-yaml';

/**
 * IdP-initiated SAML with a real backend: the backend's ACS checks the response, provisions the
 * user and hands over a one-time code for the app (it makes no session for a browser); the app
 * redeems it once the person confirmed. Also the poster check (login CSRF) and start by connection.
 */
const PUBLIC_URL = 'https://keyhaven.acme.test';
const SSO_URL = 'https://idp.acme.test/sso';
const IDP_ORIGIN = 'https://idp.acme.test';
const acs = (id: string) => `${PUBLIC_URL}/sso/saml/${id}/acs`;
const entity = (id: string) => `${PUBLIC_URL}/sso/saml/${id}/metadata`;
const DEVICE = { id: 'device-handover-0001', name: 'Test laptop', platform: 'linux' };

describe.each([sqliteTarget(), postgresTarget()])('sign-in handover on $name', (target) => {
  const idp = createSamlIdentityProvider({ ssoUrl: SSO_URL });
  let b: TestBackend;

  beforeAll(async () => {
    await target.setup();
    const md = JSON.stringify(idp.metadataXml(SSO_URL));
    b = await startTestBackend({
      db: await target.fresh(),
      publicUrl: PUBLIC_URL,
      yaml: `
tenant: Acme Corp
admin: { token: ${ADMIN_TOKEN} }
nodes: [{ name: Acme Corp, defaultRole: Employee, children: [{ name: Engineering, defaultRole: Engineer }] }]
roles: [{ name: Employee }, { name: Engineer }]
sso:
  - { id: okta, type: saml, node: Engineering, domains: [acme.test], jit: true, allowIdpInitiated: true, idpMetadata: ${md} }
  - { id: okta-contractors, type: saml, node: Acme Corp, domains: [contractors.acme.test], jit: true, allowIdpInitiated: false, idpMetadata: ${md} }
`,
    });
  }, 120_000);
  afterAll(async () => {
    await b?.close();
    await target.teardown();
  });

  const response = (email: string, o: Partial<BuildResponseOptions> = {}) =>
    idp.buildResponse({ spEntityId: entity('okta'), acsUrl: acs('okta'), signAssertion: true, email, inResponseTo: null, ...o });

  async function postAcs(form: Record<string, string>, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
    const res = await fetch(`${b.url}/sso/saml/okta/acs`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(form).toString(),
    });
    return { status: res.status, text: await res.text() };
  }

  const codeIn = (html: string): string => {
    const match = /href="keyhaven:\/\/handover\?code=([\w-]+)"/.exec(html);
    if (!match?.[1]) throw new Error(`no handover link in ${html}`);
    return match[1];
  };
  const users = async (): Promise<string[]> =>
    ((await b.api('GET', '/scim/v2/Users', { token: ADMIN_TOKEN })).body.Resources as { userName: string }[]).map((u) => u.userName).sort();
  const events = async (type: string): Promise<{ reason: string | null; userId: string | null }[]> =>
    (await b.api('GET', `/v1/admin/events?type=${type}`, { token: ADMIN_TOKEN })).body.events;

  it('the backend ACS never claims a sign-in it did not make: it provisions and offers the app a one-time link', async () => {
    const sessionsBefore = (await events('session.created')).length;
    const page = await postAcs({ SAMLResponse: response('ada@acme.test') }, { origin: IDP_ORIGIN });
    expect(page.status, page.text).toBe(200);
    expect(page.text).not.toContain('You are signed in');
    expect(page.text).toContain('You are not signed in to Keyhaven yet');
    expect(page.text).toContain('ada@acme.test');
    codeIn(page.text);
    expect(await users()).toContain('ada@acme.test');
    expect((await events('session.created')).length).toBe(sessionsBefore);
    expect((await events('sign_in.handover_issued')).length).toBeGreaterThan(0);
  });

  it('the app inspects the code, redeems it once for a session on its own device, and never again', async () => {
    const code = codeIn((await postAcs({ SAMLResponse: response('bea@acme.test') })).text);
    const inspected = await b.api('POST', '/v1/sso/handover/inspect', { body: { code } });
    expect(inspected.status).toBe(200);
    expect(inspected.body).toMatchObject({ email: 'bea@acme.test', connectionId: 'okta' });
    const redeemed = await b.api('POST', '/v1/sso/handover/redeem', { body: { code, device: DEVICE } });
    expect(redeemed.status, redeemed.text).toBe(200);
    expect(redeemed.body).toMatchObject({ user: { email: 'bea@acme.test', node: 'Engineering', role: 'Engineer' }, deviceId: DEVICE.id });
    const me = await b.api('GET', '/v1/me', { token: redeemed.body.session });
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe('bea@acme.test');
    const again = await b.api('POST', '/v1/sso/handover/redeem', { body: { code, device: DEVICE } });
    expect(again).toMatchObject({ status: 400, body: { error: 'transaction_not_found' } });
    expect((await b.api('POST', '/v1/sso/handover/inspect', { body: { code } })).body.error).toBe('transaction_not_found');
  });

  it('a declined code is audited and void', async () => {
    const code = codeIn((await postAcs({ SAMLResponse: response('cy@acme.test') })).text);
    expect((await b.api('POST', '/v1/sso/handover/decline', { body: { code, reason: 'declined' } })).status).toBe(200);
    expect((await events('sign_in.declined')).map((e) => e.reason)).toContain('declined');
    expect((await b.api('POST', '/v1/sso/handover/redeem', { body: { code } })).body.error).toBe('transaction_not_found');
  });

  it('a code expires after five minutes', async () => {
    const code = codeIn((await postAcs({ SAMLResponse: response('dee@acme.test') })).text);
    b.advanceClock(6 * 60_000);
    try {
      expect((await b.api('POST', '/v1/sso/handover/redeem', { body: { code } })).body.error).toBe('transaction_expired');
    } finally {
      b.advanceClock(-6 * 60_000);
    }
  });

  it('a response posted by a page that is not the IdP is refused, audited, and creates nothing', async () => {
    const before = await users();
    const foreign = await postAcs({ SAMLResponse: response('eve@acme.test') }, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(400);
    expect(foreign.text).toContain('invalid_response');
    expect(foreign.text).toContain('origin');
    const byReferer = await postAcs({ SAMLResponse: response('eve@acme.test') }, { referer: 'https://evil.example/csrf.html' });
    expect(byReferer.status).toBe(400);
    // Relayed by the app's loopback ACS: the same check on the headers it saw.
    const relayed = await b.api('POST', '/v1/sso/complete', { body: { connectionId: 'okta', samlResponse: response('eve@acme.test'), browser: { origin: 'https://evil.example' } } });
    expect(relayed).toMatchObject({ status: 400, body: { error: 'invalid_response', detail: { check: 'origin' } } });
    expect(await users()).toEqual(before);
    expect((await events('sign_in.failed')).filter((e) => e.reason === 'invalid_response').length).toBeGreaterThanOrEqual(3);
    // "Origin: null" (an IdP page with Referrer-Policy: no-referrer) says nothing and passes.
    expect((await postAcs({ SAMLResponse: response('eve@acme.test') }, { origin: 'null' })).status).toBe(200);
  });

  it('an unsolicited response relayed by the app while it is busy becomes a handover, not a session', async () => {
    const res = await b.api('POST', '/v1/sso/handover', { body: { connectionId: 'okta', samlResponse: response('flo@acme.test') } });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ email: 'flo@acme.test', connectionId: 'okta', code: expect.stringMatching(/^[\w-]{43}$/) });
    expect(res.body.session).toBeUndefined();
  });

  it('starts a sign-in by connection id (managed ssoConnection), with or without an email', async () => {
    expect((await b.api('GET', '/v1/sso/lookup?connection=okta-contractors')).body).toEqual({ connectionId: 'okta-contractors', type: 'saml', node: 'Acme Corp' });
    expect((await b.api('GET', '/v1/sso/lookup?connection=nope')).status).toBe(404);
    const byConnection = await b.api('POST', '/v1/sso/start', { body: { connectionId: 'okta-contractors', redirectUri: 'http://127.0.0.1:47000/cb' } });
    expect(byConnection.status, byConnection.text).toBe(200);
    expect(new URL(byConnection.body.authorizationUrl).origin).toBe(IDP_ORIGIN);
    // The connection wins over the email's domain (one domain may have several connections).
    const both = await b.api('POST', '/v1/sso/start', { body: { email: 'gil@acme.test', connectionId: 'okta-contractors', redirectUri: 'http://127.0.0.1:47000/cb' } });
    expect(both.status).toBe(200);
    const wrong = await b.api('POST', '/v1/sso/start', { body: { connectionId: 'nope', redirectUri: 'http://127.0.0.1:47000/cb' } });
    expect(wrong).toMatchObject({ status: 404, body: { error: 'not_found' } });
    const neither = await b.api('POST', '/v1/sso/start', { body: { redirectUri: 'http://127.0.0.1:47000/cb' } });
    expect(neither).toMatchObject({ status: 400, body: { error: 'bad_request' } });
  });
});

describe('sign-in handover under the sign-in rate limit', () => {
  let b: TestBackend;
  beforeAll(async () => {
    const idp = createSamlIdentityProvider({ ssoUrl: SSO_URL });
    b = await startTestBackend({
      publicUrl: PUBLIC_URL,
      yaml: tenantYaml({
        rest: `sso:
  - { id: okta, type: saml, node: Acme Corp, domains: [acme.test], jit: true, allowIdpInitiated: true, idpMetadata: ${JSON.stringify(idp.metadataXml(SSO_URL))} }
rateLimits:
  windowSeconds: 60
  signIn: { perIp: 3 }
`,
      }),
    });
  });
  afterAll(async () => {
    await b?.close();
  });

  it('guessing codes meets 429 rate_limited like any sign-in endpoint', async () => {
    const guess = (i: number) => b.api('POST', '/v1/sso/handover/redeem', { body: { code: `guessed-code-${String(i).padStart(8, '0')}` } });
    for (let i = 0; i < 3; i += 1) expect((await guess(i)).body.error).toBe('transaction_not_found');
    const refused = await guess(3);
    expect(refused).toMatchObject({ status: 429, body: { error: 'rate_limited' } });
  });
});
