import { z } from 'zod';
import type { ConfigIssue } from '../config/config-error';

/**
 * `webhooks:` in the tenant file — the file is where hooks are managed (like connections: edit
 * it and restart the backend). A hook receives the audit events it lists, signed with its secret.
 */
export interface WebhookConfig {
  readonly id: string;
  readonly url: string;
  /** Exact types (`user.deactivated`), a family (`sign_in.*`) or every event (`*`). */
  readonly events: readonly string[];
  readonly secret: string;
  readonly timeoutSeconds: number;
  readonly retry: { readonly initialSeconds: number; readonly maxSeconds: number };
}

const MIN_SECRET = 32;

const webhookUrlSchema = z
  .string()
  .trim()
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'http:' || u.protocol === 'https:') && u.username === '' && u.password === '';
    } catch {
      return false;
    }
  }, 'must be an http(s) URL without user name or password');

export const eventPattern = z
  .string()
  .trim()
  .regex(/^(\*|[a-z0-9_]+(\.[a-z0-9_]+)*(\.\*)?)$/, 'must be an event type (user.deactivated), a family (sign_in.*) or *');

/** How long one attempt may take and how retries back off: the same keys for every destination kind. */
export const deliverySettings = {
  timeoutSeconds: z.number().int().min(1).max(30).default(10),
  retry: z
    .object({ initialSeconds: z.number().int().min(1).max(3600).default(10), maxSeconds: z.number().int().min(1).max(86_400).default(3600) })
    .strict()
    .prefault({}),
};

export const webhooksInputSchema = z
  .array(
    z
      .object({
        id: z.string().regex(/^[a-z0-9-]+$/, 'must match [a-z0-9-]+').max(64),
        url: webhookUrlSchema,
        events: z.array(eventPattern).min(1, 'must list at least one event type (or *)'),
        // The signing secret, or the name of the environment variable holding it (keeps it out of the file).
        secret: z.string().min(MIN_SECRET, `must be at least ${MIN_SECRET} characters (e.g. \`openssl rand -base64 32\`)`).optional(),
        secretEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name').optional(),
        ...deliverySettings,
      })
      .strict(),
  )
  .max(32)
  .default([]);

type WebhooksInput = z.output<typeof webhooksInputSchema>;

/** Resolves secrets (file or environment) and checks what the schema cannot: unique ids, one secret. */
export function resolveWebhooks(input: WebhooksInput, env: Readonly<Record<string, string | undefined>>): { webhooks: WebhookConfig[]; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  const webhooks: WebhookConfig[] = [];
  const ids = new Set<string>();
  input.forEach((h, i) => {
    const at = `webhooks[${i}]`;
    if (ids.has(h.id)) issues.push({ path: `${at}.id`, reason: `duplicate webhook id "${h.id}"` });
    ids.add(h.id);
    if (h.retry.maxSeconds < h.retry.initialSeconds) issues.push({ path: `${at}.retry.maxSeconds`, reason: 'must not be below retry.initialSeconds' });
    let secret: string | undefined;
    if ((h.secret === undefined) === (h.secretEnv === undefined)) {
      issues.push({ path: `${at}.secret`, reason: 'give exactly one of secret and secretEnv' });
    } else if (h.secretEnv !== undefined) {
      secret = env[h.secretEnv];
      if (secret === undefined || secret.length < MIN_SECRET) {
        issues.push({ path: `${at}.secretEnv`, reason: `environment variable ${h.secretEnv} must hold at least ${MIN_SECRET} characters` });
        secret = undefined;
      }
    } else {
      secret = h.secret;
    }
    if (secret !== undefined) {
      webhooks.push({ id: h.id, url: h.url, events: [...new Set(h.events)], secret, timeoutSeconds: h.timeoutSeconds, retry: h.retry });
    }
  });
  return { webhooks, issues };
}
