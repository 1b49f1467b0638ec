import { randomBytes } from 'node:crypto';
import { stringify } from 'yaml';
import { parseTenantConfig } from '../backend/config/parse-tenant-config';
import type { TenantConfig } from '../backend/config/tenant-config';
import type { PolicyInput } from '../policy/enforcement-policy';
import { startDemoOidcIdp, type DemoOidcUser } from './oidc-idp';
import { startDemoSamlIdp } from './saml-idp';

/**
 * The demo tenant of `npm start` (and the base of the e2e tenants): a real OpenID Provider
 * and a real SAML IdP on loopback, keys made at start, each with a few demo employees whose
 * sign-in details their login page shows.
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

export interface DemoEnvironment {
  readonly config: TenantConfig;
  readonly configYaml: string;
  readonly backendPublicUrl: string;
  readonly backendPort: number;
  readonly adminToken: string;
  readonly oidcIssuer: string | null;
  readonly samlIdp: { readonly entityId: string; idpInitiatedUrl(spEntityId: string, acsUrl?: string): string } | null;
  readonly users: readonly DemoOidcUser[];
  close(): Promise<void>;
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

export async function startDemoEnvironment(options: {
  readonly spec?: DemoTenantSpec;
  readonly backendPort: number;
  readonly samlAcsPorts: readonly number[];
}): Promise<DemoEnvironment> {
  const spec = options.spec ?? DEMO_TENANT;
  const backendPublicUrl = `http://127.0.0.1:${options.backendPort}`;
  const adminToken = randomBytes(24).toString('base64url');
  const closers: (() => Promise<void>)[] = [];
  try {
    const oidcConnections = spec.connections.filter((c) => c.type === 'oidc');
    const samlConnections = spec.connections.filter((c) => c.type === 'saml');
    // The two IdPs start side by side (each makes its signing key at start): start-up waits for
    // the slower one only. Whatever started is closed again if the other fails.
    const [oidcStart, samlStart] = await Promise.allSettled([
      oidcConnections.length > 0 ? startDemoOidcIdp({ users: spec.users, clientId: DEMO_CLIENT_ID }) : null,
      samlConnections.length > 0
        ? startDemoSamlIdp({
            users: spec.users,
            serviceProviders: samlConnections.map((c) => ({
              entityId: `${backendPublicUrl}/sso/saml/${c.id}/metadata`,
              acsUrls: [
                `${backendPublicUrl}/sso/saml/${c.id}/acs`,
                ...options.samlAcsPorts.map((p) => `http://localhost:${p}/sso/saml/${c.id}/acs`),
              ],
            })),
          })
        : null,
    ]);
    const oidc = oidcStart.status === 'fulfilled' ? oidcStart.value : null;
    const saml = samlStart.status === 'fulfilled' ? samlStart.value : null;
    if (oidc) closers.push(() => oidc.close());
    if (saml) closers.push(() => saml.close());
    if (oidcStart.status === 'rejected') throw oidcStart.reason;
    if (samlStart.status === 'rejected') throw samlStart.reason;

    const document = {
      tenant: spec.tenant,
      publicUrl: backendPublicUrl,
      admin: { token: adminToken },
      saml: { clockSkewSeconds: 120, loopbackAcsPorts: [...options.samlAcsPorts] },
      nodes: spec.nodes,
      roles: spec.roles,
      ...(spec.webhooks ? { webhooks: spec.webhooks } : {}),
      sso: spec.connections.map((c) =>
        c.type === 'oidc'
          ? { id: c.id, type: 'oidc', node: c.node, domains: c.domains, jit: c.jit, issuer: oidc?.issuer, clientId: DEMO_CLIENT_ID }
          : {
              id: c.id,
              type: 'saml',
              node: c.node,
              domains: c.domains,
              jit: c.jit,
              allowIdpInitiated: c.allowIdpInitiated ?? false,
              idpMetadata: saml?.metadataXml,
            },
      ),
    };
    const configYaml = stringify(document);
    const config = await parseTenantConfig(configYaml, { fileName: 'demo-tenant.yaml', baseDir: process.cwd() });
    return {
      config,
      configYaml,
      backendPublicUrl,
      backendPort: options.backendPort,
      adminToken,
      oidcIssuer: oidc?.issuer ?? null,
      samlIdp: saml,
      users: spec.users,
      async close() {
        for (const close of closers.reverse()) await close().catch(() => undefined);
      },
    };
  } catch (err) {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    throw err;
  }
}
