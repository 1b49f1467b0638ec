import { startDemoOidcIdp, type DemoOidcIdp } from '../../main/demo/oidc-idp';
import { ADMIN_TOKEN, type TestBackend } from './test-backend';
import { authorizeInBrowser, type BrowserSignIn } from './oidc-browser';
import { tenantYaml } from './tenant-yaml';

export const CLIENT_ID = 'keyhaven-desktop';
export const REDIRECT = 'http://127.0.0.1:53682/sso/oidc/callback';

export const DEMO_USERS = [
  { email: 'alice@acme.test', password: 'alice-pass', name: 'Alice' },
  { email: 'bob@sales.acme.test', password: 'bob-pass', name: 'Bob' },
  { email: 'unverified@acme.test', password: 'unverified-pass', name: 'Una', emailVerified: false },
  { email: 'mallory@evil.test', password: 'mallory-pass', name: 'Mallory' },
  { email: 'carol@acme.test', password: 'carol-pass', name: 'Carol' },
] as const;

export const startIdp = (): Promise<DemoOidcIdp> => startDemoOidcIdp({ users: DEMO_USERS, clientId: CLIENT_ID });

export interface AcmeTenantOptions {
  /** The `roles:` entries, as YAML indented by two spaces. */
  readonly roles: string;
  /** Nodes under Engineering (no default role of their own). */
  readonly engineeringChildren?: readonly string[];
  /** Whether unknown sales.acme.test people are provisioned at their first sign-in. */
  readonly salesJit: boolean;
}

/** Acme Corp with Engineering (acme.test, JIT) and Sales (sales.acme.test), both through the demo OIDC IdP. */
export function acmeTenantYaml(issuer: string, o: AcmeTenantOptions): string {
  return tenantYaml({
    children: [{ name: 'Engineering', defaultRole: 'Engineer', children: o.engineeringChildren ?? [] }, 'Sales'],
    roles: o.roles,
    rest: `sso:
  - id: acme-oidc
    type: oidc
    node: Engineering
    domains: [acme.test]
    jit: true
    issuer: ${issuer}
    clientId: ${CLIENT_ID}
  - id: sales-oidc
    type: oidc
    node: Sales
    domains: [sales.acme.test]
    jit: ${o.salesJit}
    issuer: ${issuer}
    clientId: ${CLIENT_ID}
`,
  });
}

/** Engineers must enrol TOTP; Sales people are not provisioned at sign-in. */
export function oidcTenantYaml(issuer: string): string {
  return acmeTenantYaml(issuer, {
    roles: `  - name: Employee
  - name: Engineer
    policy:
      requireTwoFactor: true
      twoFactorMethods: [totp]`,
    salesJit: false,
  });
}

export async function startSignIn(b: TestBackend, email: string, device?: { id: string; name: string; platform: string }) {
  const res = await b.api('POST', '/v1/sso/start', { body: { email, redirectUri: REDIRECT, ...(device ? { device } : {}) } });
  if (res.status !== 200) throw new Error(`start failed: ${res.status} ${res.text}`);
  return res.body as { transactionId: string; authorizationUrl: string };
}

/** start → IdP (HTTP, login form) → callback URL. */
export async function reachCallback(b: TestBackend, email: string, as: BrowserSignIn) {
  const started = await startSignIn(b, email);
  const callbackUrl = await authorizeInBrowser(started.authorizationUrl, REDIRECT, as);
  return { ...started, callbackUrl };
}

export async function scimUsers(b: TestBackend): Promise<{ totalResults: number; Resources: any[] }> {
  const res = await b.api('GET', '/scim/v2/Users', { token: ADMIN_TOKEN });
  if (res.status !== 200) throw new Error(`scim failed: ${res.status}`);
  return res.body;
}

export async function events(b: TestBackend): Promise<any[]> {
  return (await b.api('GET', '/v1/admin/events', { token: ADMIN_TOKEN })).body.events;
}
