import { startDemoOidcIdp, type DemoOidcIdp } from '../../../main/demo/oidc-idp';
import { authorizeInBrowser } from '../../support/oidc-browser';
import { ADMIN_TOKEN, type TestBackend } from '../../support/test-backend';

export const CLIENT_ID = 'keyhaven-desktop';
const REDIRECT = 'http://127.0.0.1:53682/sso/oidc/callback';

/** People who sign in through the IdP; everyone else in the tests is placed directly in the store. */
export const IDP_USERS = [
  { email: 'erin@acme.test', password: 'erin-pass', name: 'Erin' },
  { email: 'ed@acme.test', password: 'ed-pass', name: 'Ed' },
  { email: 'sam@sales.acme.test', password: 'sam-pass', name: 'Sam' },
] as const;

export const startAdminIdp = (): Promise<DemoOidcIdp> => startDemoOidcIdp({ users: IDP_USERS, clientId: CLIENT_ID });

/** Engineering (with Platform below it) and Sales; EngAdmin administers Engineering only. */
export function adminTenantYaml(issuer: string, o: { engAdminPolicy?: string } = {}): string {
  return `
tenant: Acme Corp
admin:
  token: ${ADMIN_TOKEN}
nodes:
  - name: Acme Corp
    defaultRole: Employee
    children:
      - name: Engineering
        defaultRole: Engineer
        children:
          - name: Platform
      - name: Sales
roles:
  - name: Employee
  - name: Engineer
  - name: EngAdmin
    policy:
${o.engAdminPolicy ?? '      admin: { scope: Engineering, permissions: [users, devices, audit] }'}
sso:
  - id: acme-oidc
    type: oidc
    node: Engineering
    domains: [acme.test]
    issuer: ${issuer}
    clientId: ${CLIENT_ID}
  - id: sales-oidc
    type: oidc
    node: Sales
    domains: [sales.acme.test]
    issuer: ${issuer}
    clientId: ${CLIENT_ID}
`;
}

/** A real sign-in through the IdP; returns the session and user id. */
export async function signIn(b: TestBackend, email: string, password: string): Promise<{ session: string; userId: string }> {
  const started = await b.api('POST', '/v1/sso/start', { body: { email, redirectUri: REDIRECT } });
  if (started.status !== 200) throw new Error(`start failed: ${started.status} ${started.text}`);
  const callbackUrl = await authorizeInBrowser(started.body.authorizationUrl, REDIRECT, { login: email, password });
  const done = await b.api('POST', '/v1/sso/complete', { body: { transactionId: started.body.transactionId, callbackUrl } });
  if (done.status !== 200) throw new Error(`complete failed: ${done.status} ${done.text}`);
  return { session: done.body.session, userId: done.body.user.id };
}

/** Adds a person straight into the store as provisioned but never signed in (as SCIM invites them). */
export async function placePerson(b: TestBackend, email: string, node: string, role = 'Engineer'): Promise<string> {
  const { user } = await b.backend.store.users.insertIfAbsent({ id: `u-${email}`, email, node, role, connectionId: null, now: new Date() });
  await b.backend.store.kysely.updateTable('users').set({ status: 'invited', last_sign_in_at: null }).where('id', '=', user.id).execute();
  return user.id;
}

export async function makeAdmin(b: TestBackend, userId: string, role = 'EngAdmin'): Promise<void> {
  const res = await b.api('PATCH', `/v1/admin/users/${userId}`, { token: ADMIN_TOKEN, body: { role } });
  if (res.status !== 200) throw new Error(`making an admin failed: ${res.status} ${res.text}`);
}
