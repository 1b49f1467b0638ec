import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSamlIdentityProvider, type BuildResponseOptions, type SamlIdentityProvider } from '../../../main/demo/saml-response-builder';
import { ADMIN_TOKEN, startTestBackend, type TestBackend } from '../../support/test-backend';
import { tenantYaml } from '../../support/tenant-yaml';

const PUBLIC_URL = 'https://keyhaven.acme.test';
const SSO_URL = 'https://idp.acme.test/sso';
const EXT = 'urn:keyhaven:params:scim:schemas:extension:1.0:User';
const acs = (id: string) => `${PUBLIC_URL}/sso/saml/${id}/acs`;
const entity = (id: string) => `${PUBLIC_URL}/sso/saml/${id}/metadata`;

function samlTenantYaml(idp: SamlIdentityProvider): string {
  const md = JSON.stringify(idp.metadataXml(SSO_URL));
  return tenantYaml({
    children: [{ name: 'Engineering', defaultRole: 'Engineer' }],
    roles: '  - { name: Employee }\n  - { name: Engineer, policy: { requireTwoFactor: true } }',
    rest: `sso:
  - { id: okta, type: saml, node: Engineering, domains: [acme.test], jit: true, allowIdpInitiated: true, idpMetadata: ${md} }
  - { id: corp, type: saml, node: Acme Corp, domains: [corp.test], jit: true, allowIdpInitiated: false, idpMetadata: ${md} }
`,
  });
}

describe('SAML sign-in through the backend', () => {
  const idp = createSamlIdentityProvider({ ssoUrl: SSO_URL });
  const dir = mkdtempSync(path.join(tmpdir(), 'keyhaven-saml-'));
  const db = path.join(dir, 'saml.sqlite');
  let b: TestBackend;
  const start = () => startTestBackend({ yaml: samlTenantYaml(idp), db, publicUrl: PUBLIC_URL });

  beforeAll(async () => {
    b = await start();
  });
  afterAll(async () => {
    await b?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const response = (connectionId: string, o: Partial<BuildResponseOptions> & { email: string; inResponseTo: string | null }) =>
    idp.buildResponse({ spEntityId: entity(connectionId), acsUrl: acs(connectionId), signAssertion: true, ...o });

  async function startSaml(email: string, redirectUri = 'http://127.0.0.1:47000/cb') {
    const res = await b.api('POST', '/v1/sso/start', { body: { email, redirectUri } });
    expect(res.status, res.text).toBe(200);
    const url = new URL(res.body.authorizationUrl);
    const xml = inflateRawSync(Buffer.from(url.searchParams.get('SAMLRequest') ?? '', 'base64')).toString('utf8');
    const requestId = /\sID="([^"]+)"/.exec(xml)?.[1] ?? '';
    return { transactionId: res.body.transactionId as string, url, xml, requestId };
  }

  const users = async () => (await b.api('GET', '/scim/v2/Users', { token: ADMIN_TOKEN })).body.totalResults as number;
  const acsPost = (id: string, form: Record<string, string>) => b.api('POST', `/sso/saml/${id}/acs`, { form });

  it('publishes SP metadata with the entityID and every ACS URL', async () => {
    const res = await b.api('GET', '/sso/saml/okta/metadata');
    expect(res.status).toBe(200);
    expect(res.text).toContain(`entityID="${entity('okta')}"`);
    for (const u of [acs('okta'), 'http://localhost:47291/sso/saml/okta/acs', 'http://localhost:47293/sso/saml/okta/acs']) expect(res.text).toContain(u);
    expect((await b.api('GET', '/sso/saml/nope/metadata')).status).toBe(404);
  });

  it('starts with an HTTP-Redirect AuthnRequest whose RelayState is the transaction', async () => {
    const s = await startSaml('dana@acme.test');
    expect(s.url.origin + s.url.pathname).toBe(SSO_URL);
    expect(s.url.searchParams.get('RelayState')).toBe(s.transactionId);
    expect(s.requestId).not.toBe('');
  });

  it('signs in SP-initiated at the backend ACS and provisions the user', async () => {
    const before = await users();
    const s = await startSaml('dana@acme.test');
    const res = await acsPost('okta', { SAMLResponse: response('okta', { email: 'dana@acme.test', inResponseTo: s.requestId }), RelayState: s.transactionId });
    expect(res.status, res.text).toBe(200);
    // The browser is not the app: it gets a one-time link to finish in the app, not a claim of success.
    expect(res.text).toContain('Finish signing in in the Keyhaven app');
    expect(await users()).toBe(before + 1);
    const u = await b.api('GET', `/scim/v2/Users?filter=${encodeURIComponent('userName eq "dana@acme.test"')}`, { token: ADMIN_TOKEN });
    expect(u.body.Resources[0][EXT]).toMatchObject({ node: 'Engineering', role: 'Engineer', status: 'active' });
  });

  it('signs in when the app relays a response from its loopback ACS', async () => {
    const loopback = 'http://localhost:47292/sso/saml/okta/acs';
    const s = await startSaml('erin@acme.test', loopback);
    expect(s.xml).toContain(`AssertionConsumerServiceURL="${loopback}"`);
    const samlResponse = response('okta', { email: 'erin@acme.test', inResponseTo: s.requestId, acsUrl: loopback });
    const res = await b.api('POST', '/v1/sso/complete', { body: { transactionId: s.transactionId, connectionId: 'okta', samlResponse } });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ user: { email: 'erin@acme.test', node: 'Engineering', role: 'Engineer' }, policy: { requireTwoFactor: true }, vaultExists: false });
  });

  it('accepts an IdP-initiated response where the connection allows it', async () => {
    const res = await acsPost('okta', { SAMLResponse: response('okta', { email: 'fay@acme.test', inResponseTo: null }) });
    expect(res.status, res.text).toBe(200);
  });

  it('refuses an IdP-initiated response where the connection does not allow it, creating nothing', async () => {
    const before = await users();
    const res = await acsPost('corp', { SAMLResponse: response('corp', { email: 'gus@corp.test', inResponseTo: null }), RelayState: 'https://evil.test/<script>' });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.text).toContain('idp_initiated_not_allowed');
    expect(res.text).not.toContain('<script>');
    expect(await users()).toBe(before);
  });

  it('refuses a replayed assertion, also after a restart', async () => {
    const samlResponse = response('okta', { email: 'hal@acme.test', inResponseTo: null });
    expect((await acsPost('okta', { SAMLResponse: samlResponse })).status).toBe(200);
    const again = await acsPost('okta', { SAMLResponse: samlResponse });
    expect(again.status).toBe(400);
    expect(again.text).toContain('invalid_response');
    await b.close();
    b = await start();
    const afterRestart = await b.api('POST', '/v1/sso/complete', { body: { connectionId: 'okta', samlResponse } });
    expect(afterRestart.status).toBe(400);
    expect(afterRestart.body).toMatchObject({ error: 'invalid_response', message: expect.stringMatching(/^replay:/) });
  });

  it('refuses a response that answers another transaction\'s request', async () => {
    const before = await users();
    const first = await startSaml('ivy@acme.test');
    const second = await startSaml('ivy@acme.test');
    const samlResponse = response('okta', { email: 'ivy@acme.test', inResponseTo: first.requestId });
    const res = await b.api('POST', '/v1/sso/complete', { body: { transactionId: second.transactionId, connectionId: 'okta', samlResponse } });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_response');
    expect(res.body.message).toMatch(/^in_response_to:/);
    expect(await users()).toBe(before);
  });

  it('refuses a transaction of another connection', async () => {
    const before = await users();
    const corp = await startSaml('jo@corp.test');
    const samlResponse = response('okta', { email: 'jo@acme.test', inResponseTo: corp.requestId });
    const res = await acsPost('okta', { SAMLResponse: samlResponse, RelayState: corp.transactionId });
    expect(res.status).toBe(400);
    expect(res.text).toContain('invalid_response');
    expect(res.text).toContain('another connection');
    expect(await users()).toBe(before);
  });

  it('refuses an unsolicited response that carries an InResponseTo', async () => {
    const s = await startSaml('kim@acme.test');
    const res = await b.api('POST', '/v1/sso/complete', { body: { connectionId: 'okta', samlResponse: response('okta', { email: 'kim@acme.test', inResponseTo: s.requestId }) } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'invalid_response', message: expect.stringMatching(/^in_response_to:/) });
  });

  it('refuses an expired transaction', async () => {
    const s = await startSaml('lou@acme.test');
    const samlResponse = response('okta', { email: 'lou@acme.test', inResponseTo: s.requestId });
    b.advanceClock(11 * 60_000);
    try {
      const res = await b.api('POST', '/v1/sso/complete', { body: { transactionId: s.transactionId, connectionId: 'okta', samlResponse } });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('transaction_expired');
    } finally {
      b.advanceClock(-11 * 60_000);
    }
  });

  it('refuses an email outside the connection\'s domains', async () => {
    const before = await users();
    const res = await acsPost('okta', { SAMLResponse: response('okta', { email: 'max@evil.test', inResponseTo: null }) });
    expect(res.status).toBe(403);
    expect(res.text).toContain('email_domain_not_allowed');
    expect(await users()).toBe(before);
  });

  it('refuses a response signed by another key', async () => {
    const other = createSamlIdentityProvider();
    const res = await acsPost('okta', { SAMLResponse: response('okta', { email: 'ned@acme.test', inResponseTo: null, signingKey: other.signingKey }) });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.text).toContain('invalid_response');
  });
});
