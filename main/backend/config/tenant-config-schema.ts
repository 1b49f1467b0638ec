import { z } from 'zod';
import { policySchema } from '../../policy/enforcement-policy';
import { rateLimitsSchema, serverSettingsSchema } from './server-settings-schema';
import { webhooksInputSchema } from '../webhooks/webhook-config';
import { syslogInputSchema } from '../syslog/syslog-config';

/** The YAML shape of a tenant config (CONTRACT.md). Strict everywhere: a typo is an error. */
export interface NodeInput {
  name: string;
  defaultRole?: string | undefined;
  children?: NodeInput[] | undefined;
}

const name = z.string().trim().min(1, 'must not be empty').max(200);

export const nodeInputSchema: z.ZodType<NodeInput> = z.lazy(() =>
  z
    .object({
      name,
      defaultRole: name.optional(),
      children: z.array(nodeInputSchema).optional(),
    })
    .strict(),
);

// A DNS name; lower-cased so lookups by email domain are case-insensitive.
const domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/, 'is not a domain name');

const httpUrl = z
  .string()
  .trim()
  .refine((v) => {
    try {
      const u = new URL(v);
      return u.protocol === 'http:' || u.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an http(s) URL');

const connectionBase = {
  id: z.string().regex(/^[a-z0-9-]+$/, 'must match [a-z0-9-]+ (it is used in URLs)').max(64),
  node: name,
  domains: z.array(domain).min(1, 'must list at least one domain'),
  // The product's promise is "JIT on": employees appear on first sign-in.
  jit: z.boolean().default(true),
  // The SAML attribute / OIDC claim listing the user's groups, matched against roleMappings.
  groupsAttribute: z.string().trim().min(1).max(200).optional(),
};

export const samlConnectionSchema = z
  .object({
    ...connectionBase,
    type: z.literal('saml'),
    allowIdpInitiated: z.boolean().default(false),
    idpMetadata: z.string().min(1, 'must be a path or inline XML'),
  })
  .strict();

export const oidcConnectionSchema = z
  .object({
    ...connectionBase,
    type: z.literal('oidc'),
    issuer: httpUrl,
    clientId: z.string().min(1),
    clientSecret: z.string().min(1).optional(),
  })
  .strict();

export const tenantConfigInputSchema = z
  .object({
    tenant: name,
    publicUrl: httpUrl.optional(),
    // The admin token guards provisioning: long enough that guessing it is hopeless.
    admin: z.object({ token: z.string().min(32, 'must be at least 32 characters (a random secret, e.g. `openssl rand -base64 32`)') }).strict(),
    server: serverSettingsSchema,
    rateLimits: rateLimitsSchema,
    scim: z
      .object({
        // SCIM bearer tokens, as SHA-256 hashes only; several at once so a client can be re-keyed without downtime.
        tokens: z
          .array(
            z
              .object({ name, sha256: z.string().trim().toLowerCase().regex(/^[0-9a-f]{64}$/, 'must be the hex SHA-256 of the token (64 hex digits)') })
              .strict(),
          )
          .max(32)
          .default([]),
      })
      .strict()
      .default({ tokens: [] }),
    // Group (displayName or externalId, or a value of a connection's groupsAttribute) → role; the first matching entry wins.
    roleMappings: z.array(z.object({ group: name, role: name, node: name.optional() }).strict()).default([]),
    nodes: z.array(nodeInputSchema).min(1, 'must contain at least one node'),
    roles: z.array(z.object({ name, policy: policySchema.optional() }).strict()).default([]),
    sso: z.array(z.discriminatedUnion('type', [samlConnectionSchema, oidcConnectionSchema])).default([]),
    // Outgoing webhooks fed from the audit log (main/backend/webhooks/README.md).
    webhooks: webhooksInputSchema,
    // Syslog collectors fed from the same outbox (main/backend/syslog/README.md).
    syslog: syslogInputSchema,
    // Account recovery: the fingerprint (SHA-256 of the SPKI, hex) of the recovery public key made on
    // the first administrator's device. Pinned, the backend refuses to store or hand out another key.
    recoveryKey: z
      .object({
        fingerprint: z
          .string()
          .transform((v) => v.replace(/[\s:]/g, '').toLowerCase())
          .pipe(z.string().regex(/^[0-9a-f]{64}$/, 'must be the 64 hex digits of the recovery key fingerprint (shown in the app under Administration → Approvals)')),
      })
      .strict()
      .optional(),
    saml: z
      .object({
        // Tolerated clock difference between IdP and us (SAML time conditions, replay cache).
        clockSkewSeconds: z.number().int().min(0).max(600).default(120),
        // Ports of the desktop app's loopback ACS (RFC 8252 style); listed in SP metadata.
        loopbackAcsPorts: z.array(z.number().int().min(1024).max(65535)).max(10).default([47291, 47292, 47293]),
      })
      .strict()
      .default({ clockSkewSeconds: 120, loopbackAcsPorts: [47291, 47292, 47293] }),
  })
  .strict();

export type TenantConfigInput = z.output<typeof tenantConfigInputSchema>;
