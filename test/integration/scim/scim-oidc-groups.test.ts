import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoOidcIdp, type DemoOidcIdp } from '../../../main/demo/oidc-idp';
import { authorizeInBrowser } from '../../support/oidc-browser';
import { CLIENT_ID, REDIRECT } from '../../support/oidc-tenant';
import { ADMIN_TOKEN, startTestBackend, type TestBackend } from '../../support/test-backend';
import { EXT, OKTA_TOKEN, PATCH_OP, scimClient, USER_SCHEMA } from './scim-support';

const USERS = [
  { email: 'ivy@acme.test', password: 'ivy-pass', name: 'Ivy', groups: ['Everyone', 'keyhaven-admins'] },
  { email: 'jon@acme.test', password: 'jon-pass', name: 'Jon' },
];

/** The OIDC side of role mappings: the connection names a claim; oidc-provider sends it in the ID token. */
describe('role mappings from an OIDC groups claim', () => {
  let idp: DemoOidcIdp;
  let b: TestBackend;

  beforeAll(async () => {
    idp = await startDemoOidcIdp({ users: USERS, clientId: CLIENT_ID });
    b = await startTestBackend({
      yaml: `
tenant: Acme Corp
admin: { token: ${ADMIN_TOKEN} }
scim: { tokens: [{ name: okta, sha256: ${createHash('sha256').update(OKTA_TOKEN).digest('hex')} }] }
nodes: [{ name: Acme Corp, defaultRole: Employee, children: [{ name: Security }] }]
roles: [{ name: Employee }, { name: Admin, policy: { logoutTimerMinutes: 15 } }]
roleMappings: [{ group: Keyhaven-Admins, role: Admin, node: Security }]
sso:
  - { id: acme, type: oidc, node: Acme Corp, domains: [acme.test], jit: false, groupsAttribute: groups, issuer: ${idp.issuer}, clientId: ${CLIENT_ID} }
`,
    });
  });
  afterAll(async () => {
    await b?.close();
    await idp?.close();
  });

  async function signIn(email: string, password: string) {
    const start = await b.api('POST', '/v1/sso/start', { body: { email, redirectUri: REDIRECT } });
    const callbackUrl = await authorizeInBrowser(start.body.authorizationUrl, REDIRECT, { login: email, password });
    return b.api('POST', '/v1/sso/complete', { body: { transactionId: start.body.transactionId, callbackUrl } });
  }

  it('places a provisioned user by the claim at sign-in, and by their own placement without it', async () => {
    const okta = scimClient(b, OKTA_TOKEN);
    const ivy = (await okta('POST', '/Users', { schemas: [USER_SCHEMA], userName: 'ivy@acme.test' })).body;
    expect(ivy[EXT]).toMatchObject({ node: 'Acme Corp', role: 'Employee', status: 'invited' });
    const res = await signIn('ivy@acme.test', 'ivy-pass');
    expect(res.status, res.text).toBe(200);
    expect(res.body.user).toMatchObject({ node: 'Security', role: 'Admin' });
    expect(res.body.policy.logoutTimerMinutes).toBe(15);
    expect((await okta('GET', `/Users/${ivy.id}`)).body[EXT]).toEqual({ node: 'Security', role: 'Admin', status: 'active' });

    await okta('POST', '/Users', { schemas: [USER_SCHEMA], userName: 'jon@acme.test' });
    expect((await signIn('jon@acme.test', 'jon-pass')).body.user).toMatchObject({ node: 'Acme Corp', role: 'Employee' });
    // SCIM updates of other attributes (or of active) leave the claim's placement alone.
    const patched = await okta('PATCH', `/Users/${ivy.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'displayName', value: 'Ivy' }, { op: 'replace', path: 'active', value: false }] });
    expect(patched.body[EXT]).toMatchObject({ node: 'Security', role: 'Admin', status: 'deactivated' });
    await okta('PATCH', `/Users/${ivy.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'active', value: true }] });
    expect((await signIn('ivy@acme.test', 'ivy-pass')).body.user).toMatchObject({ node: 'Security', role: 'Admin' });
  });
});
