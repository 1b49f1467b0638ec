import path from 'node:path';
import { isAllowedBackendUrl } from '../platform/config-values';
import type { ManagedConfigResult } from '../platform/managed-config';
import type { BackendChoice } from './create-runtime';

/**
 * What a host starts with, decided once for Electron and the web host alike: which backend the
 * app talks to, whether the demo may run, and how long a start at login waits for a silent
 * sign-in. Each host only reads its own inputs (command line, environment, managed file) and
 * hands them here, so the two cannot drift apart again.
 */

/** A tenant YAML file: the app embeds the backend with that configuration (admins, tests). */
export const TENANT_CONFIG_ENV = 'KEYHAVEN_TENANT_CONFIG';

/** How long a start at login waits for the identity provider before asking the person. */
export const DEFAULT_HIDDEN_START_TIMEOUT_MS = 90_000;

export const DEMO_DISABLED_MESSAGE =
  'The demo is disabled by your organisation (disableDemo in its Keyhaven configuration) and no server is configured: ' +
  'set backendUrl in the managed configuration, or contact your IT department.';

/** Explicit choices of whoever started the process (the web host's command line, tests). */
export interface StartupFlags {
  /** A tenant YAML file for an embedded backend (`--config`). */
  readonly config?: string;
  /** A Keyhaven server (`--backend-url`). */
  readonly backendUrl?: string;
  readonly hiddenStartTimeoutMs?: number;
  /** How long an interactive sign-in may wait for the browser; the sign-in flow's own default when absent. */
  readonly signInTimeoutMs?: number;
}

export interface StartupPolicyInput {
  readonly managed: ManagedConfigResult;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly flags?: StartupFlags;
  /** Relative paths (flag or environment) are resolved against this folder. */
  readonly cwd: string;
}

/** Where the backend choice came from, for the log and for tests. */
export type BackendSource = 'flag' | 'managed' | 'env' | 'demo';

export type StartupPlan =
  | {
      readonly kind: 'start';
      readonly backend: BackendChoice;
      readonly backendSource: BackendSource;
      readonly hiddenStartTimeoutMs: number;
      readonly signInTimeoutMs?: number;
    }
  | { readonly kind: 'refused'; readonly message: string };

/**
 * Precedence, most explicit first: a command-line flag, then the organisation's managed
 * `backendUrl`, then `KEYHAVEN_TENANT_CONFIG`, then the demo — unless the organisation disabled
 * it, in which case the host refuses to start with a sentence naming the reason. An invalid
 * managed file counts as none (the banner explains it), as everywhere else.
 */
export function decideStartup(input: StartupPolicyInput): StartupPlan {
  const flags = input.flags ?? {};
  const managed = input.managed.kind === 'ok' ? input.managed.config : {};
  const timeouts = {
    hiddenStartTimeoutMs: positiveOr(flags.hiddenStartTimeoutMs, DEFAULT_HIDDEN_START_TIMEOUT_MS),
    ...(flags.signInTimeoutMs !== undefined && flags.signInTimeoutMs > 0 ? { signInTimeoutMs: flags.signInTimeoutMs } : {}),
  };
  const start = (backend: BackendChoice, backendSource: BackendSource): StartupPlan => ({ kind: 'start', backend, backendSource, ...timeouts });

  if (flags.config !== undefined && flags.backendUrl !== undefined) {
    return { kind: 'refused', message: 'Give either --config or --backend-url, not both.' };
  }
  if (flags.config !== undefined) return start({ kind: 'embedded', config: path.resolve(input.cwd, flags.config) }, 'flag');
  if (flags.backendUrl !== undefined) {
    if (!isAllowedBackendUrl(flags.backendUrl)) {
      return {
        kind: 'refused',
        message: `--backend-url ${flags.backendUrl} is not allowed: use an https:// URL without user name or password (http:// only for localhost, 127.0.0.1 or [::1]).`,
      };
    }
    return start({ kind: 'remote', url: flags.backendUrl }, 'flag');
  }
  if (managed.backendUrl) return start({ kind: 'remote', url: managed.backendUrl }, 'managed');
  const tenantConfig = input.env[TENANT_CONFIG_ENV]?.trim();
  if (tenantConfig) return start({ kind: 'embedded', config: path.resolve(input.cwd, tenantConfig) }, 'env');
  if (managed.disableDemo === true) return { kind: 'refused', message: DEMO_DISABLED_MESSAGE };
  return start({ kind: 'demo' }, 'demo');
}

function positiveOr(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}
