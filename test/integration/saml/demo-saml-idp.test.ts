import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSamlSp, type SamlSp } from '../../../main/backend/saml/saml-sp';
import { startDemoSamlIdp, type DemoSamlIdp } from '../../support/saml-idp';

const SP_ENTITY_ID = 'http://127.0.0.1:8443/sso/saml/demo/metadata';
const ACS = 'http://127.0.0.1:8443/sso/saml/demo/acs';
const LOOPBACK_ACS = 'http://localhost:47999/sso/saml/demo/acs';
const USERS = [
  { email: 'alice@saml.demo.test', password: 'wonderland', name: 'Alice <Admin> & Co' },
  { email: 'bob@saml.demo.test', password: 'builder', name: 'Bob' },
];

let idp: DemoSamlIdp;
let sp: SamlSp;
let openSp: SamlSp;

beforeAll(async () => {
  idp = await startDemoSamlIdp({ users: USERS, serviceProviders: [{ entityId: SP_ENTITY_ID, acsUrls: [ACS, LOOPBACK_ACS] }] });
  const settings = { connectionId: 'demo', idpMetadataXml: idp.metadataXml, spEntityId: SP_ENTITY_ID, acsUrls: [ACS, LOOPBACK_ACS], clockSkewSeconds: 60 };
  sp = await createSamlSp({ ...settings, allowIdpInitiated: false }, { now: () => new Date() });
  openSp = await createSamlSp({ ...settings, allowIdpInitiated: true }, { now: () => new Date() });
});
afterAll(async () => {
  await idp?.close();
});

const field = (html: string, name: string): string => {
  const value = new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
  if (value === undefined) throw new Error(`no ${name} in page`);
  return value.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
};

async function signIn(loginPageUrl: string, password = 'wonderland'): Promise<{ status: number; html: string; csp: string }> {
  const page = await fetch(loginPageUrl);
  expect(page.status).toBe(200);
  const token = field(await page.text(), 'token');
  const answer = await fetch(`${idp.baseUrl}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, email: 'Alice@saml.demo.test', password }).toString(),
  });
  return { status: answer.status, html: await answer.text(), csp: answer.headers.get('content-security-policy') ?? '' };
}

describe('demo SAML IdP over HTTP', () => {
  it('serves an accessible login page with the demo accounts and a strict CSP', async () => {
    const { url } = sp.createAuthnRequest({ relayState: 'tx-1' });
    const res = await fetch(url);
    const html = await res.text();
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'; script-src 'nonce-[^']+'/);
    expect(html).toContain('<label for="email">Email</label>');
    expect(html).toContain('<label for="password">Password</label>');
    expect(html).toContain('<button type="submit">Sign in</button>');
    expect(html).toContain('bob@saml.demo.test');
    expect(html).toContain('builder');
    expect(html).toContain('Alice &lt;Admin&gt; &amp; Co'); // escaped
    expect(html).not.toContain('<Admin>');
  });

  it('signs in SP-initiated: the response posted to the ACS passes validateResponse', async () => {
    const { url, requestId } = sp.createAuthnRequest({ relayState: 'tx-42', acsUrl: LOOPBACK_ACS });
    const { status, html, csp } = await signIn(url);
    expect(status).toBe(200);
    expect(html).toContain(`action="${LOOPBACK_ACS}"`);
    expect(html).toContain('<button type="submit">Continue</button>');
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1] ?? '';
    expect(html).toContain(`<script nonce="${nonce}">`);
    expect(csp).toContain("form-action 'self' http://localhost:47999");
    expect(field(html, 'RelayState')).toBe('tx-42');
    const identity = await sp.validateResponse({ samlResponse: field(html, 'SAMLResponse'), expectedRequestId: requestId });
    expect(identity).toMatchObject({ email: 'alice@saml.demo.test', inResponseTo: requestId, issuer: idp.entityId });
    expect(identity.attributes.name).toBe('Alice <Admin> & Co');
  });

  it('refuses a wrong password without issuing a response', async () => {
    const { url } = sp.createAuthnRequest({ relayState: 'tx-2' });
    const { status, html } = await signIn(url, 'not-it');
    expect(status).toBe(401);
    expect(html).toContain('role="alert"');
    expect(html).not.toContain('SAMLResponse');
  });

  it('signs in IdP-initiated with an unsolicited response (no InResponseTo)', async () => {
    const { status, html } = await signIn(idp.idpInitiatedUrl(SP_ENTITY_ID));
    expect(status).toBe(200);
    const samlResponse = field(html, 'SAMLResponse');
    await expect(openSp.validateResponse({ samlResponse, expectedRequestId: null })).resolves.toMatchObject({ email: 'alice@saml.demo.test', inResponseTo: null });
    await expect(sp.validateResponse({ samlResponse, expectedRequestId: null })).rejects.toMatchObject({ message: expect.stringMatching(/^idp_initiated: /) });
  });

  it('refuses an AuthnRequest whose ACS URL is not registered for the SP', async () => {
    const res = await fetch(idp.idpInitiatedUrl(SP_ENTITY_ID, 'https://evil.test/acs'));
    expect(res.status).toBe(400);
  });

  it('publishes its metadata', async () => {
    const res = await fetch(`${idp.baseUrl}/metadata`);
    expect(await res.text()).toBe(idp.metadataXml);
    expect(idp.metadataXml).toContain(`Location="${idp.ssoUrl}"`);
  });
});
