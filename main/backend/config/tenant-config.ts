import type { EnforcementPolicy } from '../../policy/enforcement-policy';
import type { RateLimits, ServerSettings } from './server-settings-schema';
import type { WebhookConfig } from '../webhooks/webhook-config';
import type { SyslogConfig } from '../syslog/syslog-config';

/** A validated tenant config. Everything cross-checked: nodes, roles and domains resolve. */
export interface TenantNode {
  readonly name: string;
  readonly parent: string | null;
  /** The node's own defaultRole, or the nearest ancestor's. */
  readonly effectiveDefaultRole: string | null;
}

export interface TenantRole {
  readonly name: string;
  readonly policy: EnforcementPolicy;
}

interface ConnectionCommon {
  readonly id: string;
  readonly node: string;
  readonly domains: readonly string[];
  readonly jit: boolean;
  /** The SAML attribute / OIDC claim that lists the user's groups (for roleMappings), if any. */
  readonly groupsAttribute: string | null;
}

export interface SamlConnection extends ConnectionCommon {
  readonly type: 'saml';
  readonly allowIdpInitiated: boolean;
  /** The metadata document itself (read from the file when the config named a path). */
  readonly idpMetadataXml: string;
}

export interface OidcConnection extends ConnectionCommon {
  readonly type: 'oidc';
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string | null;
}

export type SsoConnection = SamlConnection | OidcConnection;

export interface RoleMapping {
  /** Matched case-insensitively against a group's displayName or externalId, or a groups claim value. */
  readonly group: string;
  readonly role: string;
  readonly node: string | null;
}

export interface TenantConfig {
  /** The file the config came from (for messages). */
  readonly file: string;
  readonly tenant: string;
  readonly publicUrl: string | null;
  readonly adminToken: string;
  /** `server.trustedProxies`: whose X-Forwarded-For names the client (http/create-backend.ts). */
  readonly server: ServerSettings;
  /** Request limits (http/rate-limits.ts). */
  readonly rateLimits: RateLimits;
  /** SCIM bearer tokens by name, as lower-case hex SHA-256 (main/backend/scim/scim-auth.ts). */
  readonly scimTokens: readonly { readonly name: string; readonly sha256: string }[];
  /** In precedence order: the first mapping whose group the user is in sets the role (and node). */
  readonly roleMappings: readonly RoleMapping[];
  readonly nodes: readonly TenantNode[];
  readonly roles: readonly TenantRole[];
  readonly sso: readonly SsoConnection[];
  readonly saml: { readonly clockSkewSeconds: number; readonly loopbackAcsPorts: readonly number[] };
  /** Outgoing webhooks, secrets resolved (main/backend/webhooks/). */
  readonly webhooks: readonly WebhookConfig[];
  /** Syslog collectors, CA certificates read (main/backend/syslog/). */
  readonly syslog: readonly SyslogConfig[];
  /** `recoveryKey.fingerprint`: the pinned SHA-256 (hex) of the organisation's recovery public key, if pinned. */
  readonly recoveryKeyFingerprint: string | null;
}

export function findConnection(config: TenantConfig, id: string): SsoConnection | undefined {
  return config.sso.find((c) => c.id === id);
}

export function connectionForDomain(config: TenantConfig, domain: string): SsoConnection | undefined {
  const d = domain.toLowerCase();
  return config.sso.find((c) => c.domains.includes(d));
}

export function defaultRoleForNode(config: TenantConfig, node: string): string | null {
  return config.nodes.find((n) => n.name === node)?.effectiveDefaultRole ?? null;
}

export function findRole(config: TenantConfig, role: string): TenantRole | undefined {
  return config.roles.find((r) => r.name === role);
}
