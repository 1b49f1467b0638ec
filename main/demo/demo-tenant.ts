import type { PolicyInput } from '../policy/enforcement-policy';
import type { DemoOidcUser } from './oidc-idp';

/**
 * The demo tenant's people, org tree, roles and connections: plain data, apart from the identity
 * providers that serve it (demo-environment.ts), so a host can list the demo accounts without
 * loading them.
 */
export const DEMO_OIDC_DOMAIN = 'oidc.demo.keyhaven.test';
export const DEMO_SAML_DOMAIN = 'saml.demo.keyhaven.test';
export const DEMO_CLIENT_ID = 'keyhaven-desktop';

export interface DemoConnectionSpec {
  readonly id: string;
  readonly type: 'oidc' | 'saml';
  readonly node: string;
  readonly domains: readonly string[];
  readonly jit: boolean;
  readonly allowIdpInitiated?: boolean;
}

export interface DemoTenantSpec {
  readonly tenant: string;
  readonly nodes: readonly { name: string; defaultRole?: string; children?: readonly { name: string; defaultRole?: string }[] }[];
  readonly roles: readonly { name: string; policy: PolicyInput }[];
  readonly connections: readonly DemoConnectionSpec[];
  readonly users: readonly DemoOidcUser[];
  /** `webhooks:` of the tenant file, as written there (main/backend/webhooks/README.md). */
  readonly webhooks?: readonly Readonly<Record<string, unknown>>[];
}

export const DEMO_TENANT: DemoTenantSpec = {
  tenant: 'Keyhaven Demo',
  nodes: [{ name: 'Demo Corp', defaultRole: 'Employee', children: [{ name: 'Engineering', defaultRole: 'Engineer' }] }],
  roles: [
    { name: 'Employee', policy: { onboarding: true, requireTwoFactor: false, allowImport: true, promptBrowserExtension: true } },
    {
      name: 'Engineer',
      policy: { onboarding: true, requireTwoFactor: true, twoFactorMethods: ['totp', 'webauthn', 'backup_codes'], allowImport: true },
    },
  ],
  connections: [
    { id: 'demo-oidc', type: 'oidc', node: 'Demo Corp', domains: [DEMO_OIDC_DOMAIN], jit: true },
    { id: 'demo-saml', type: 'saml', node: 'Engineering', domains: [DEMO_SAML_DOMAIN], jit: true, allowIdpInitiated: true },
  ],
  users: [
    { email: `alice@${DEMO_OIDC_DOMAIN}`, password: 'alice-demo-password', name: 'Alice Example' },
    { email: `carol@${DEMO_OIDC_DOMAIN}`, password: 'carol-demo-password', name: 'Carol Example' },
    { email: `bob@${DEMO_SAML_DOMAIN}`, password: 'bob-demo-password', name: 'Bob Example' },
    { email: `dave@${DEMO_SAML_DOMAIN}`, password: 'dave-demo-password', name: 'Dave Example' },
  ],
};
