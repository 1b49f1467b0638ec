import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../errors/app-error';
import type { EnforcementPolicy } from '../policy/enforcement-policy';
import { isAllowedBackendUrl, isDomainName } from './config-values';
import type { ManagedConfig, ManagedConfigResult } from './managed-config';
import type { SettingValueOf } from '../../preload/contract';
import { CLIPBOARD_CLEAR_MAX_SECONDS, SETTING_NAMES, type SETTING_SOURCES, type SettingName, THEMES } from '../shared/setting-names';

/**
 * The user's own settings (settings.json in the app's userData folder) and how they combine with
 * the organisation's managed configuration. Managed values always win; a user file that is
 * broken, or written by a newer version, never stops the app: bad keys fall back to defaults.
 */

const SETTING_SCHEMAS = {
  launchAtStartup: z.boolean(),
  startHidden: z.boolean(),
  /** null: the embedded backend on loopback. */
  backendUrl: z.string().refine(isAllowedBackendUrl, { message: 'must be an https:// URL' }).nullable(),
  ssoDomain: z
    .string()
    .transform((v) => v.trim().toLowerCase())
    .refine(isDomainName, { message: 'must be a domain name such as acme.com' })
    .nullable(),
  /** 0 keeps copied passwords on the clipboard; otherwise cleared after this many seconds. */
  clipboardClearSeconds: z.number().int().min(0).max(CLIPBOARD_CLEAR_MAX_SECONDS),
  theme: z.enum(THEMES),
  lastEmail: z.string().trim().max(254).regex(/^[^\s@]+@[^\s@]+$/, { message: 'must be an email address' }).nullable(),
} as const satisfies { [K in SettingName]: z.ZodType<SettingValueOf<K>, unknown> };

export type UserSettings = { readonly [K in SettingName]: z.output<(typeof SETTING_SCHEMAS)[K]> };

export const DEFAULT_SETTINGS: UserSettings = {
  launchAtStartup: false,
  startHidden: false,
  backendUrl: null,
  ssoDomain: null,
  clipboardClearSeconds: 30,
  theme: 'system',
  lastEmail: null,
};

export const SETTING_LABELS: Record<SettingName, string> = {
  launchAtStartup: 'Launch at startup',
  startHidden: 'Start hidden in the tray',
  backendUrl: 'Server address',
  ssoDomain: 'Sign-in domain',
  clipboardClearSeconds: 'Clipboard clearing',
  theme: 'Theme',
  lastEmail: 'Last email',
};

export const SETTINGS_FILE_NAME = 'settings.json';

export interface UserSettingsParse {
  readonly settings: UserSettings;
  /** What was ignored and why; for the log, never for the user. */
  readonly problems: readonly string[];
}

/** Keeps every valid key of a user file and drops the rest; unknown keys are left to newer versions. */
export function parseUserSettings(text: string): UserSettingsParse {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    return { settings: DEFAULT_SETTINGS, problems: [`settings file is not JSON: ${(err as Error).message}`] };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { settings: DEFAULT_SETTINGS, problems: ['settings file is not a JSON object'] };
  }
  const record = data as Record<string, unknown>;
  const problems: string[] = [];
  const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const name of SETTING_NAMES) {
    if (!(name in record)) continue;
    const parsed = SETTING_SCHEMAS[name].safeParse(record[name]);
    if (parsed.success) settings[name] = parsed.data;
    else problems.push(`${name}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  }
  return { settings: settings as UserSettings, problems };
}

export type SettingSource = (typeof SETTING_SOURCES)[number];

export interface EffectiveSetting<T> {
  readonly value: T;
  /** The value was set by the organisation (managed configuration or role policy). */
  readonly managed: boolean;
  /** The user cannot change it. */
  readonly locked: boolean;
  readonly source: SettingSource;
}

export type EffectiveSettings = { readonly [K in SettingName]: EffectiveSetting<UserSettings[K]> };

export interface EffectiveSettingsOptions {
  /** The signed-in role's policy: `launchAtStartup: true` forces the login item on. */
  readonly policy?: Pick<EnforcementPolicy, 'launchAtStartup'>;
}

function managedValue<K extends SettingName>(config: ManagedConfig, name: K): UserSettings[K] | undefined {
  if (name === 'lastEmail' || name === 'clipboardClearSeconds' || name === 'theme') return undefined;
  return (config as Record<string, unknown>)[name] as UserSettings[K] | undefined;
}

/**
 * Combines the user's settings with the managed configuration. An invalid managed file counts as
 * none (bannerFor explains it to the user): nothing of it is half-applied.
 */
export function effectiveSettings(
  user: UserSettings,
  managed: ManagedConfigResult,
  options: EffectiveSettingsOptions = {},
): EffectiveSettings {
  const config: ManagedConfig = managed.kind === 'ok' ? managed.config : {};
  const lockedNames = new Set<SettingName>(config.lockedSettings ?? []);
  const out: Record<string, EffectiveSetting<unknown>> = {};
  for (const name of SETTING_NAMES) {
    const fromManaged = managedValue(config, name);
    if (fromManaged !== undefined) {
      out[name] = { value: fromManaged, managed: true, locked: true, source: 'managed' };
    } else if (name === 'launchAtStartup' && options.policy?.launchAtStartup === true) {
      out[name] = { value: true, managed: true, locked: true, source: 'policy' };
    } else if (lockedNames.has(name)) {
      // Locked without a value: pinned to the default, so every machine behaves the same.
      out[name] = { value: DEFAULT_SETTINGS[name], managed: true, locked: true, source: 'default' };
    } else {
      const isUser = user[name] !== DEFAULT_SETTINGS[name];
      out[name] = { value: user[name], managed: false, locked: false, source: isUser ? 'user' : 'default' };
    }
  }
  return out as EffectiveSettings;
}

/** The plain values, for code that only needs to know what to do. */
export function settingValues(effective: EffectiveSettings): UserSettings {
  return Object.fromEntries(SETTING_NAMES.map((n) => [n, effective[n].value])) as unknown as UserSettings;
}

export interface SettingsFs {
  readFile(path: string, encoding: 'utf8'): Promise<string>;
  writeFile(path: string, data: string, options: { encoding: 'utf8'; mode: number }): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  mkdir(path: string, options: { recursive: true }): Promise<unknown>;
}

export interface SettingsStoreDeps {
  /** Electron's `app.getPath('userData')`. */
  readonly userDataDir: string;
  readonly fs: SettingsFs;
  /** Loaded once at startup; the app restarts to pick up a new managed file. */
  readonly managed: ManagedConfigResult;
  readonly onProblem?: (problem: string) => void;
}

export interface SettingsStore {
  readonly file: string;
  readUser(): Promise<UserSettings>;
  effective(options?: EffectiveSettingsOptions): Promise<EffectiveSettings>;
  /**
   * Throws AppError `forbidden` for a managed or locked setting, `bad_request` for a bad value.
   * The change takes its place in line when called; options may still be on their way.
   */
  update<K extends SettingName>(
    name: K,
    value: unknown,
    options?: EffectiveSettingsOptions | Promise<EffectiveSettingsOptions>,
  ): Promise<EffectiveSettings>;
}

export function createSettingsStore(deps: SettingsStoreDeps): SettingsStore {
  const file = path.join(deps.userDataDir, SETTINGS_FILE_NAME);
  // Updates run one after another so two quick changes cannot overwrite each other.
  let queue: Promise<unknown> = Promise.resolve();

  async function readUser(): Promise<UserSettings> {
    let text: string;
    try {
      text = await deps.fs.readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') deps.onProblem?.(`cannot read settings: ${(err as Error).message}`);
      return DEFAULT_SETTINGS;
    }
    const parsed = parseUserSettings(text);
    for (const problem of parsed.problems) deps.onProblem?.(problem);
    return parsed.settings;
  }

  async function write(settings: UserSettings): Promise<void> {
    await deps.fs.mkdir(deps.userDataDir, { recursive: true });
    // Write-then-rename: a crash mid-write leaves the old file, never half a file.
    const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
    await deps.fs.writeFile(tmp, `${JSON.stringify(settings, null, 2)}\n`, { encoding: 'utf8', mode: 0o600 });
    await deps.fs.rename(tmp, file);
  }

  async function applyUpdate(name: SettingName, value: unknown, options?: EffectiveSettingsOptions): Promise<EffectiveSettings> {
    if (!(SETTING_NAMES as readonly string[]).includes(name)) throw new AppError('bad_request', `Unknown setting "${String(name)}".`);
    const user = await readUser();
    if (effectiveSettings(user, deps.managed, options)[name].locked) {
      throw new AppError('forbidden', `${SETTING_LABELS[name]} is managed by your organisation.`);
    }
    const parsed = SETTING_SCHEMAS[name].safeParse(value);
    if (!parsed.success) {
      throw new AppError('bad_request', `${SETTING_LABELS[name]}: ${parsed.error.issues[0]?.message ?? 'invalid value'}.`);
    }
    const next: UserSettings = { ...user, [name]: parsed.data };
    await write(next);
    return effectiveSettings(next, deps.managed, options);
  }

  // A read waits for the changes asked for before it, so what the person just saved is what
  // the next action uses (a copy right after changing the clipboard time, for one).
  async function readSettled(): Promise<UserSettings> {
    await queue;
    return readUser();
  }

  return {
    file,
    readUser: readSettled,
    effective: async (options) => effectiveSettings(await readSettled(), deps.managed, options),
    update: (name, value, options) => {
      const run = queue.then(async () => applyUpdate(name, value, await options));
      queue = run.catch(() => undefined);
      return run;
    },
  };
}

