import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoOidcIdp, type DemoOidcIdp } from '../../../main/demo/oidc-idp';
import { authorizeInBrowser } from '../../support/oidc-browser';
import { acmeTenantYaml, CLIENT_ID, REDIRECT } from '../../support/oidc-tenant';
import { ADMIN_TOKEN, startTestBackend, type TestBackend } from '../../support/test-backend';
import { makeAdmin, signIn } from './admin-tenant';

const USERS = [
  { email: 'erin@acme.test', password: 'erin-pass', name: 'Erin' },
  { email: 'ed@acme.test', password: 'ed-pass', name: 'Ed' },
  { email: 'ann@acme.test', password: 'ann-pass', name: 'Ann' },
  { email: 'sam@sales.acme.test', password: 'sam-pass', name: 'Sam' },
  { email: 'tess@acme.test', password: 'tess-pass', name: 'Tess Tester', groups: ['eng', 'ops'] },
  { email: 'mallory@evil.test', password: 'mallory-pass', name: 'Mallory' },
] as const;

const TABLES = ['users', 'sessions', 'devices', 'vault', 'vault_keys', 'login_transactions', 'sign_in_handovers'] as const;

/**
 * Test sign-in of an OIDC connection against the real oidc-provider, by administrators signed
 * in by SSO: ConnAdmin administers Engineering with `connections`, Auditor has `audit` only.
 */
describe('test sign-in of an OIDC connection', () => {
  let idp: DemoOidcIdp;
  let b: TestBackend;
  let erin: string;
  let ed: string;
  let ann: string;
  let sam: string;

  beforeAll(async () => {
    idp = await startDemoOidcIdp({ users: USERS, clientId: CLIENT_ID });
    b = await startTestBackend({
      yaml: acmeTenantYaml(idp.issuer, {
        roles: `  - name: Employee
  - name: Engineer
  - name: ConnAdmin
    policy:
      admin: { scope: Engineering, permissions: [users, connections] }
  - name: Auditor
    policy:
      admin: { scope: Engineering, permissions: [audit] }`,
        salesJit: true,
      }),
    });
    const people = await Promise.all([signIn(b, 'erin@acme.test', 'erin-pass'), signIn(b, 'ed@acme.test', 'ed-pass'), signIn(b, 'ann@acme.test', 'ann-pass'), signIn(b, 'sam@sales.acme.test', 'sam-pass')]);
    await makeAdmin(b, people[0].userId, 'ConnAdmin');
    await makeAdmin(b, people[1].userId, 'ConnAdmin');
    await makeAdmin(b, people[2].userId, 'Auditor');
    [erin, ed, ann, sam] = people.map((p) => p.session) as [string, string, string, string];
  });
  afterAll(async () => {
    await b?.close();
    await idp?.close();
  });

  const counts = async () =>
    Object.fromEntries(
      await Promise.all(TABLES.map(async (t) => [t, Number((await b.backend.store.kysely.selectFrom(t).select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)] as const)),
    );
  const check = (report: any, name: string) => report.checks.find((c: any) => c.check === name);

  async function startTest(token: string, connection = 'acme-oidc') {
    return b.api('POST', `/v1/admin/connections/${connection}/tests`, { token, body: { redirectUri: REDIRECT } });
  }

  async function atIdp(token: string, who: { login: string; password: string }) {
    const started = await startTest(token);
    expect(started.status, started.text).toBe(200);
    expect(started.body.protocol).toBe('oidc');
    return { testId: started.body.testId as string, callbackUrl: await authorizeInBrowser(started.body.authorizationUrl, REDIRECT, who) };
  }

  const complete = (token: string, testId: string, callbackUrl: string) => b.api('POST', `/v1/admin/connection-tests/${testId}`, { token, body: { callbackUrl } });

  it('shows the claims and passes every check for a person JIT would provision, and signs nobody in', async () => {
    const before = await counts();
    const { testId, callbackUrl } = await atIdp(erin, { login: 'tess@acme.test', password: 'tess-pass' });
    const res = await complete(erin, testId, callbackUrl);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({
      connectionId: 'acme-oidc',
      protocol: 'oidc',
      outcome: 'pass',
      identity: { email: 'tess@acme.test', name: 'Tess Tester', groups: ['eng', 'ops'], verified: true, subject: expect.stringMatching(/^demo-/) },
      placement: { user: 'new', node: 'Engineering', role: 'Engineer' },
    });
    for (const name of ['redirect_uri', 'state', 'idp_error', 'iss', 'token_exchange', 'id_token', 'issuer', 'audience', 'time_window', 'nonce', 'email_verified', 'required_claims', 'email_domain', 'placement']) {
      expect(check(res.body, name), name).toMatchObject({ outcome: 'pass' });
    }
    const names = res.body.claims.map((c: any) => c.name);
    expect(names).toEqual(expect.arrayContaining(['sub', 'email', 'email_verified', 'name', 'aud', 'iss', 'nonce']));
    // Claims only: no token is ever in the answer.
    expect(res.text).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
    expect(await counts()).toEqual(before);
    const events = (await b.api('GET', '/v1/admin/events?type=connection.tested', { token: ADMIN_TOKEN })).body.events;
    expect(events[0]).toMatchObject({ connectionId: 'acme-oidc', outcome: 'success', details: { actor: 'erin@acme.test', outcome: 'pass' } });
    // The administrator's own session is untouched.
    expect((await b.api('GET', '/v1/me', { token: erin })).status).toBe(200);
  });

  it('marks an address outside the connection domains as failed with its code, the other checks still passing', async () => {
    const before = await counts();
    const { testId, callbackUrl } = await atIdp(erin, { login: 'mallory@evil.test', password: 'mallory-pass' });
    const res = await complete(erin, testId, callbackUrl);
    expect(res.body.outcome).toBe('fail');
    expect(check(res.body, 'email_domain')).toMatchObject({ outcome: 'fail', code: 'email_domain_not_allowed' });
    for (const name of ['state', 'token_exchange', 'id_token', 'audience', 'nonce', 'email_verified', 'required_claims']) expect(check(res.body, name).outcome, name).toBe('pass');
    expect(await counts()).toEqual(before);
  });

  it('still reads and checks the claims of an ID token openid-client refuses (another nonce), naming the failed check', async () => {
    const { testId, callbackUrl } = await atIdp(erin, { login: 'tess@acme.test', password: 'tess-pass' });
    // As if the IdP had answered another request: the test expects a nonce the ID token does not carry.
    await b.backend.store.kysely.updateTable('connection_tests').set({ nonce: 'a-nonce-of-another-request' }).where('id', '=', testId).execute();
    const res = await complete(erin, testId, callbackUrl);
    expect(res.body.outcome).toBe('fail');
    expect(check(res.body, 'id_token')).toMatchObject({ outcome: 'fail', code: 'invalid_response', reason: 'nonce' });
    expect(check(res.body, 'nonce')).toMatchObject({ outcome: 'fail', reason: 'nonce' });
    for (const name of ['token_exchange', 'issuer', 'audience', 'time_window', 'email_verified', 'email_domain', 'placement']) expect(check(res.body, name).outcome, name).toBe('pass');
    expect(res.body.identity).toMatchObject({ email: 'tess@acme.test', verified: false });
    expect(res.text).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
  });

  it('refuses an answer with another state, exchanging no code, and says which checks could not run', async () => {
    const { testId, callbackUrl } = await atIdp(erin, { login: 'tess@acme.test', password: 'tess-pass' });
    const forged = new URL(callbackUrl);
    forged.searchParams.set('state', 'not-this-test');
    const res = await complete(erin, testId, forged.href);
    expect(check(res.body, 'state')).toMatchObject({ outcome: 'fail', code: 'invalid_response', reason: 'state' });
    expect(check(res.body, 'token_exchange')).toMatchObject({ outcome: 'skipped' });
    expect(check(res.body, 'redirect_uri').outcome).toBe('pass');
  });

  it('ties a test to the administrator who started it: another administrator cannot complete or read it, an employee is refused', async () => {
    const { testId, callbackUrl } = await atIdp(erin, { login: 'tess@acme.test', password: 'tess-pass' });
    const byEd = await complete(ed, testId, callbackUrl);
    expect(byEd.status).toBe(400);
    expect(byEd.body.error).toBe('transaction_not_found');
    expect((await complete(sam, testId, callbackUrl)).status).toBe(401);
    expect((await complete(ann, testId, callbackUrl)).status).toBe(403);
    // Still intact for its owner.
    const byErin = await complete(erin, testId, callbackUrl);
    expect(byErin.status, byErin.text).toBe(200);
    expect(byErin.body.outcome).toBe('pass');
  });

  it('enforces the scope and the connections permission on the server', async () => {
    const outside = await startTest(erin, 'sales-oidc');
    expect(outside.status).toBe(403);
    expect(outside.body.error).toBe('forbidden');
    const noPermission = await startTest(ann);
    expect(noPermission.status).toBe(403);
    expect(noPermission.body.error).toBe('forbidden');
    expect((await startTest(sam)).status).toBe(401);
    expect((await startTest(ADMIN_TOKEN, 'sales-oidc')).status).toBe(200);
  });
});
