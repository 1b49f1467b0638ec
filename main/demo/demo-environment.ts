import { randomBytes } from 'node:crypto';
import { stringify } from 'yaml';
import { parseTenantConfig } from '../backend/config/parse-tenant-config';
import type { TenantConfig } from '../backend/config/tenant-config';
import { startDemoOidcIdp, type DemoOidcUser } from './oidc-idp';
import { DEMO_CLIENT_ID, DEMO_TENANT, type DemoTenantSpec } from './demo-tenant';
import { startDemoSamlIdp } from './saml-idp';
import type { DemoIdpKeys } from './demo-idp-keys';

export { DEMO_TENANT, type DemoTenantSpec } from './demo-tenant';

/**
 * The demo tenant of `npm start` (and the base of the e2e tenants): a real OpenID Provider
 * and a real SAML IdP on loopback, keys made at start (or kept by `npm start`), each with a few demo employees whose
 * sign-in details their login page shows.
 */
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

export async function startDemoEnvironment(options: {
  readonly spec?: DemoTenantSpec;
  readonly backendPort: number;
  readonly samlAcsPorts: readonly number[];
  /** The identity providers' signing keys (the demo of `npm start` keeps them); each makes its own otherwise. */
  readonly keys?: DemoIdpKeys;
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
      oidcConnections.length > 0 ? startDemoOidcIdp({ users: spec.users, clientId: DEMO_CLIENT_ID, ...(options.keys ? { signingJwk: options.keys.oidcSigningJwk } : {}) }) : null,
      samlConnections.length > 0
        ? startDemoSamlIdp({
            users: spec.users,
            ...(options.keys ? { certificate: options.keys.samlCertificate } : {}),
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
