import { startDemoOidcIdp, type DemoOidcIdp } from '../../../main/demo/oidc-idp';
import { CLIENT_ID, acmeTenantYaml, reachCallback } from '../../support/oidc-tenant';
import { ADMIN_TOKEN, type TestBackend } from '../../support/test-backend';

/** People who sign in through the IdP; everyone else in the tests is placed directly in the store. */
export const IDP_USERS = [
  { email: 'erin@acme.test', password: 'erin-pass', name: 'Erin' },
  { email: 'ed@acme.test', password: 'ed-pass', name: 'Ed' },
  { email: 'sam@sales.acme.test', password: 'sam-pass', name: 'Sam' },
] as const;

export const startAdminIdp = (): Promise<DemoOidcIdp> => startDemoOidcIdp({ users: IDP_USERS, clientId: CLIENT_ID });

/** Engineering (with Platform below it) and Sales; EngAdmin administers Engineering only. */
export function adminTenantYaml(issuer: string, o: { engAdminPolicy?: string } = {}): string {
  return acmeTenantYaml(issuer, {
    roles: `  - name: Employee
  - name: Engineer
  - name: EngAdmin
    policy:
${o.engAdminPolicy ?? '      admin: { scope: Engineering, permissions: [users, devices, audit] }'}`,
    engineeringChildren: ['Platform'],
    salesJit: true,
  });
}

/** A real sign-in through the IdP; returns the session and user id. */
export async function signIn(b: TestBackend, email: string, password: string): Promise<{ session: string; userId: string }> {
  const { transactionId, callbackUrl } = await reachCallback(b, email, { login: email, password });
  const done = await b.api('POST', '/v1/sso/complete', { body: { transactionId, callbackUrl } });
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
