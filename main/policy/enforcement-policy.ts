import { z } from 'zod';

/**
 * A role's enforcement policy: what onboarding and sign-in obey. Every key is optional in the
 * tenant config; `resolvePolicy` fills the documented defaults so the rest of the code always
 * sees a complete, readonly policy.
 */
export const TWO_FACTOR_METHODS = ['totp', 'webauthn', 'backup_codes'] as const;
export type TwoFactorMethod = (typeof TWO_FACTOR_METHODS)[number];

const complexity = z
  .object({
    minLength: z.number().int().min(8).max(128).default(12),
    upper: z.number().int().min(0).max(32).default(1),
    lower: z.number().int().min(0).max(32).default(1),
    digits: z.number().int().min(0).max(32).default(1),
    symbols: z.number().int().min(0).max(32).default(0),
  })
  .strict();

const generator = z
  .object({
    length: z.number().int().min(8).max(128).default(20),
    upper: z.boolean().default(true),
    lower: z.boolean().default(true),
    digits: z.boolean().default(true),
    symbols: z.boolean().default(true),
    avoidAmbiguous: z.boolean().default(false),
  })
  .strict();

/**
 * What opens a locked vault: `device` the device key in the OS keychain (the OS account being
 * present), `masterPassword` the master password, `sso` a new sign-in at the identity provider.
 * Unset: `masterPassword` where the role requires one, else `device`.
 */
export const UNLOCK_METHODS = ['device', 'masterPassword', 'sso'] as const;
export type UnlockMethod = (typeof UNLOCK_METHODS)[number];

export const ADMIN_PERMISSIONS = ['users', 'devices', 'audit', 'connections'] as const;
export type AdminPermission = (typeof ADMIN_PERMISSIONS)[number];

const adminGrantSchema = z
  .object({
    scope: z.string().trim().min(1, 'must name a node').max(200),
    permissions: z.array(z.enum(ADMIN_PERMISSIONS)).min(1, 'must list at least one permission'),
  })
  .strict();

export const policySchema = z
  .object({
    onboarding: z.boolean().default(true),
    requireTwoFactor: z.boolean().default(false),
    twoFactorMethods: z.array(z.enum(TWO_FACTOR_METHODS)).min(1).default(['totp', 'webauthn', 'backup_codes']),
    rememberDeviceDays: z.number().int().min(0).max(365).default(30),
    allowImport: z.boolean().default(true),
    promptBrowserExtension: z.boolean().default(true),
    requireMasterPassword: z.boolean().default(false),
    masterPassword: complexity.default({ minLength: 12, upper: 1, lower: 1, digits: 1, symbols: 0 }),
    passwordGenerator: generator.default({
      length: 20,
      upper: true,
      lower: true,
      digits: true,
      symbols: true,
      avoidAmbiguous: false,
    }),
    // Fractions of a minute are allowed (0.5 = 30 s); 0 turns the idle lock off.
    logoutTimerMinutes: z.number().min(0).max(7 * 24 * 60).default(60),
    offlineAccess: z.boolean().default(false),
    // How long the offline copy opens without the backend, counted from the last contact with it.
    offlineAccessDays: z.number().int().min(1).max(365).default(14),
    unlock: z.enum(UNLOCK_METHODS).optional(),
    // Settings → My security → Export: off unless the role allows it.
    allowExport: z.boolean().default(false),
    launchAtStartup: z.boolean().default(false),
    ipAllowlist: z.array(z.string().min(1)).default([]),
    // Each new vault also seals its data key to the organisation's recovery key, so an administrator can approve a new device.
    accountRecovery: z.boolean().default(false),
    // Delegated administration (main/backend/admin/): what this role may do for which node and its descendants.
    admin: adminGrantSchema.nullable().default(null),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.unlock === 'masterPassword' && !p.requireMasterPassword) {
      ctx.addIssue({ code: 'custom', path: ['unlock'], message: 'masterPassword needs requireMasterPassword: true (without it a vault may have no master password)' });
    }
  });

/** What a tenant config may write (every key optional). */
export type PolicyInput = z.input<typeof policySchema>;
/** The effective policy: every key present. */
export type EnforcementPolicy = Readonly<Omit<z.output<typeof policySchema>, 'unlock'> & { unlock: UnlockMethod }>;
export type MasterPasswordRules = EnforcementPolicy['masterPassword'];
export type GeneratorRules = EnforcementPolicy['passwordGenerator'];

export function resolvePolicy(input: PolicyInput | undefined): EnforcementPolicy {
  const parsed = policySchema.parse(input ?? {});
  return Object.freeze({ ...parsed, unlock: parsed.unlock ?? (parsed.requireMasterPassword ? 'masterPassword' : 'device') });
}

export const DEFAULT_POLICY: EnforcementPolicy = resolvePolicy({});
