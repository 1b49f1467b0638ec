import { z } from 'zod';
import { LOCKABLE_SETTING_NAMES } from '../shared/setting-names';
import { isAllowedBackendUrl, isDomainName } from './config-values';
import { describeValue, MANAGED_CONFIG_KEYS, type ManagedConfig } from './managed-config';

/**
 * The managed configuration's schema and how its refusals are worded. Loaded by
 * managed-config.ts only when a configuration file is there to check.
 */

export const managedConfigSchema = z
  .object({
    backendUrl: z.string().refine(isAllowedBackendUrl, {
      message: 'must be an https:// URL without user name or password (http:// only for localhost, 127.0.0.1 or [::1])',
    }),
    ssoDomain: z
      .string()
      .transform((v) => v.trim().toLowerCase())
      .refine(isDomainName, { message: 'must be a domain name such as acme.com' }),
    ssoConnection: z.string().regex(/^[a-z0-9-]{1,64}$/, {
      message: 'must be a connection id made of a-z, 0-9 and - (at most 64 characters)',
    }),
    launchAtStartup: z.boolean(),
    startHidden: z.boolean(),
    lockedSettings: z.array(z.enum(LOCKABLE_SETTING_NAMES)),
    disableDemo: z.boolean(),
    // Account recovery: the fingerprint of the organisation's recovery key; the app enrols vaults only to that key.
    recoveryKeyFingerprint: z
      .string()
      .transform((v) => v.replace(/[\s:]/g, '').toLowerCase())
      .refine((v) => /^[0-9a-f]{64}$/.test(v), { message: 'must be the 64 hex digits of the recovery key fingerprint (Administration → Approvals shows it)' }),
  })
  .partial()
  .strict();

/** A configuration object (retired keys already dropped), checked whole. */
export function checkManagedConfig(data: Record<string, unknown>): { readonly kind: 'ok'; readonly config: ManagedConfig } | { readonly kind: 'invalid'; readonly problem: string } {
  const parsed = managedConfigSchema.safeParse(data, { reportInput: true });
  if (parsed.success) return { kind: 'ok', config: parsed.data };
  return { kind: 'invalid', problem: parsed.error.issues.map(describeIssue).join('; ') };
}

function pathOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc === '' ? String(part) : `${acc}.${String(part)}`),
    '',
  );
}

const EXPECTED_WORDS: Record<string, string> = {
  boolean: 'true or false',
  string: 'a string',
  array: 'a list',
  number: 'a number',
  object: 'an object',
};

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = pathOf(issue.path);
  const got = `got ${describeValue(issue.input)}`;
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => `unknown key '${key}'${suggestion(key)}`).join('; ');
    case 'invalid_type':
      return `${where} must be ${EXPECTED_WORDS[issue.expected] ?? issue.expected}, ${got}`;
    case 'invalid_value':
      return `${where} must be one of ${issue.values.map(String).join(', ')}, ${got}`;
    default:
      return `${where} ${issue.message}, ${got}`;
  }
}

function suggestion(key: string): string {
  const near = MANAGED_CONFIG_KEYS.find((k) => k.toLowerCase() === key.toLowerCase());
  return near ? ` (did you mean '${near}'?)` : '';
}
