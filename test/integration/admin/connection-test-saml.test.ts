import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSamlIdentityProvider, type BuildResponseOptions } from '../../support/saml-idp';
import { ADMIN_TOKEN, startTestBackend, type TestBackend } from '../../support/test-backend';
import { tenantYaml } from '../../support/tenant-yaml';

const PUBLIC_URL = 'https://keyhaven.acme.test';
const SSO_URL = 'https://idp.acme.test/sso';
const ACS = 'http://localhost:47291/sso/saml/okta/acs';
const ENTITY = `${PUBLIC_URL}/sso/saml/okta/metadata`;

/** Everything a sign-in could have left behind; a test sign-in must leave none of it. */
const TABLES = ['users', 'sessions', 'devices', 'vault', 'vault_keys', 'login_transactions', 'sign_in_handovers'] as const;

describe('test sign-in of a SAML connection', () => {
  const idp = createSamlIdentityProvider({ ssoUrl: SSO_URL });
  let b: TestBackend;

  beforeAll(async () => {
    b = await startTestBackend({
      publicUrl: PUBLIC_URL,
      yaml: tenantYaml({
        children: [{ name: 'Engineering', defaultRole: 'Engineer' }],
        roles: '  - { name: Employee }\n  - { name: Engineer }',
        rest: `sso:
  - { id: okta, type: saml, node: Engineering, domains: [acme.test], jit: true, groupsAttribute: groups, idpMetadata: ${JSON.stringify(idp.metadataXml(SSO_URL))} }
`,
      }),
    });
  });
  afterAll(async () => {
    await b?.close();
  });

  const counts = async () =>
    Object.fromEntries(
      await Promise.all(TABLES.map(async (t) => [t, Number((await b.backend.store.kysely.selectFrom(t).select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)] as const)),
    );

  async function startTest() {
    const res = await b.api('POST', '/v1/admin/connections/okta/tests', { token: ADMIN_TOKEN, body: { redirectUri: ACS } });
    expect(res.status, res.text).toBe(200);
    const url = new URL(res.body.authorizationUrl);
    expect(url.origin + url.pathname).toBe(SSO_URL);
    expect(url.searchParams.get('RelayState')).toBe(res.body.testId);
    const xml = inflateRawSync(Buffer.from(url.searchParams.get('SAMLRequest') ?? '', 'base64')).toString('utf8');
    expect(xml).toContain(`AssertionConsumerServiceURL="${ACS}"`);
    return { testId: res.body.testId as string, requestId: /\sID="([^"]+)"/.exec(xml)?.[1] ?? '' };
  }

  async function runTest(o: Partial<BuildResponseOptions> = {}) {
    const { testId, requestId } = await startTest();
    const samlResponse = idp.buildResponse({
      spEntityId: ENTITY,
      acsUrl: ACS,
      inResponseTo: requestId,
      email: 'dana@acme.test',
      attributes: { displayName: 'Dana Doe', groups: ['eng', 'ops'] },
      signAssertion: true,
      ...o,
    });
    const res = await b.api('POST', `/v1/admin/connection-tests/${testId}`, { token: ADMIN_TOKEN, body: { samlResponse, relayState: testId } });
    expect(res.status, res.text).toBe(200);
    return { testId, samlResponse, report: res.body };
  }

  const check = (report: any, name: string) => report.checks.find((c: any) => c.check === name);
  const outcomes = (report: any) => Object.fromEntries(report.checks.map((c: any) => [c.check, c.outcome]));

  it('shows what the IdP sent and passes every check, and signs nobody in', async () => {
    const before = await counts();
    const { report, testId, samlResponse } = await runTest();
    expect(report).toMatchObject({
      connectionId: 'okta',
      protocol: 'saml',
      outcome: 'pass',
      identity: { subject: 'dana@acme.test', email: 'dana@acme.test', name: 'Dana Doe', groups: ['eng', 'ops'], verified: true },
      placement: { user: 'new', node: 'Engineering', role: 'Engineer' },
    });
    expect(report.claims).toEqual(expect.arrayContaining([{ name: 'displayName', values: ['Dana Doe'] }, { name: 'groups', values: ['eng', 'ops'] }]));
    for (const name of ['origin', 'encoding', 'schema', 'structure', 'signature', 'issuer', 'destination', 'subject_confirmation', 'recipient', 'audience', 'time_window', 'in_response_to', 'email', 'replay', 'required_attributes', 'email_domain', 'placement']) {
      expect(check(report, name), name).toMatchObject({ outcome: 'pass', code: null });
    }
    expect(await counts()).toEqual(before);
    // Single use: the same test cannot be completed twice.
    const again = await b.api('POST', `/v1/admin/connection-tests/${testId}`, { token: ADMIN_TOKEN, body: { samlResponse: 'x' } });
    expect(again.status).toBe(400);
    expect(again.body.error).toBe('transaction_not_found');
    const events = (await b.api('GET', '/v1/admin/events?type=connection.tested', { token: ADMIN_TOKEN })).body.events;
    expect(events[0]).toMatchObject({ connectionId: 'okta', outcome: 'success', reason: null, email: 'dana@acme.test', details: { actor: 'admin token', outcome: 'pass', failed: [] } });
    // The response (and so its signatures) is never logged.
    expect(b.logs.join('')).not.toContain(samlResponse.slice(0, 64));
  });

  it('marks a wrong audience as failed with its code and still shows every other check', async () => {
    const before = await counts();
    const { report } = await runTest({ audience: 'https://another-sp.test/metadata' });
    expect(report.outcome).toBe('fail');
    expect(check(report, 'audience')).toMatchObject({ outcome: 'fail', code: 'invalid_response', reason: 'audience' });
    expect(check(report, 'audience').message).toMatch(/^audience: /);
    const rest = outcomes(report);
    delete rest.audience;
    expect(Object.values(rest).every((o) => o === 'pass'), JSON.stringify(rest)).toBe(true);
    expect(report.identity.email).toBe('dana@acme.test');
    expect(await counts()).toEqual(before);
    const events = (await b.api('GET', '/v1/admin/events?type=connection.tested&outcome=failure', { token: ADMIN_TOKEN })).body.events;
    expect(events[0]).toMatchObject({ reason: 'audience', details: { outcome: 'fail', failed: ['audience'] } });
  });

  it('reads an unsigned assertion as unverified: the signature fails, the other checks still run', async () => {
    const { report } = await runTest({ signAssertion: false, signResponse: false });
    expect(check(report, 'signature')).toMatchObject({ outcome: 'fail', code: 'invalid_response', reason: 'signature' });
    expect(report.identity).toMatchObject({ email: 'dana@acme.test', verified: false });
    expect(check(report, 'audience').outcome).toBe('pass');
    expect(check(report, 'in_response_to').outcome).toBe('pass');
    expect(check(report, 'placement').outcome).toBe('pass');
    // Nothing unverified goes into the replay cache.
    expect(check(report, 'replay').outcome).toBe('skipped');
  });

  it('names an expired assertion, an answer to another request and an address outside the domains each with its own code', async () => {
    const past = new Date(Date.now() - 3600_000);
    const expired = (await runTest({ now: past, notOnOrAfter: new Date(past.getTime() + 60_000), subjectNotOnOrAfter: new Date(past.getTime() + 60_000) })).report;
    expect(check(expired, 'time_window')).toMatchObject({ outcome: 'fail', reason: 'not_on_or_after' });
    expect(check(expired, 'audience').outcome).toBe('pass');

    const other = (await runTest({ inResponseTo: '_another-request' })).report;
    expect(check(other, 'in_response_to')).toMatchObject({ outcome: 'fail', reason: 'in_response_to' });

    const outside = (await runTest({ email: 'eve@evil.test' })).report;
    expect(check(outside, 'email_domain')).toMatchObject({ outcome: 'fail', code: 'email_domain_not_allowed' });
    expect(check(outside, 'signature').outcome).toBe('pass');
  });

  it('keeps a tested assertion out of any later use: the same response replayed to a test is refused', async () => {
    const first = await runTest();
    const { testId } = await startTest();
    const res = await b.api('POST', `/v1/admin/connection-tests/${testId}`, { token: ADMIN_TOKEN, body: { samlResponse: first.samlResponse, relayState: testId } });
    expect(check(res.body, 'replay')).toMatchObject({ outcome: 'fail', reason: 'replay' });
    expect(check(res.body, 'in_response_to').outcome).toBe('fail');
  });

  it('refuses to send the IdP anywhere but one of the loopback ACS URLs, and answers 401 without an admin credential', async () => {
    const elsewhere = await b.api('POST', '/v1/admin/connections/okta/tests', { token: ADMIN_TOKEN, body: { redirectUri: 'http://127.0.0.1:9/cb' } });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.error).toBe('bad_request');
    expect((await b.api('POST', '/v1/admin/connections/okta/tests', { body: { redirectUri: ACS } })).status).toBe(401);
    expect((await b.api('POST', '/v1/admin/connections/nope/tests', { token: ADMIN_TOKEN, body: { redirectUri: ACS } })).body.error).toBe('not_found');
  });
});
