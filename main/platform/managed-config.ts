import type { z } from 'zod';
import type { managedConfigSchema } from './managed-config-schema';
import { managedConfigLocation } from './managed-config-paths';

/**
 * The organisation's machine-wide configuration (written by the installer, MDM or configuration
 * management). It is validated strictly and applied all-or-nothing: a file with one bad key is
 * ignored as a whole, because half of an administrator's intent can be worse than none (for
 * example a locked setting without the value it was meant to be locked to).
 */

export type ManagedConfig = Readonly<z.output<typeof managedConfigSchema>>;
export type ManagedConfigKey = keyof ManagedConfig;
/** Every key of the configuration (the schema's, which a test holds to this list). */
export const MANAGED_CONFIG_KEYS = [
  'backendUrl',
  'ssoDomain',
  'ssoConnection',
  'launchAtStartup',
  'startHidden',
  'lockedSettings',
  'disableDemo',
  'recoveryKeyFingerprint',
] as const satisfies readonly ManagedConfigKey[];

/**
 * Keys earlier versions documented that mean nothing now. A file that still carries one is used
 * (the key is dropped, with a warning in the log and in Settings) rather than ignored as a whole:
 * refusing every fleet that followed the old documentation would be worse than the stale key.
 * Any other unknown key is still an error, so a misspelt key cannot go unnoticed.
 */
export const RETIRED_MANAGED_KEYS: Readonly<Record<string, string>> = {
  updateChannel: 'Keyhaven has no automatic updates; deploy new versions with your software distribution',
};

export type ManagedConfigResult =
  | { readonly kind: 'none' }
  | {
      readonly kind: 'ok';
      /** The file the configuration came from (the first, when macOS has both). */
      readonly file: string;
      readonly files: readonly string[];
      readonly config: ManagedConfig;
      /** Which file set each key (the later one, when macOS has both). */
      readonly sources?: Readonly<Partial<Record<ManagedConfigKey, string>>>;
      /** Retired keys that were dropped, worded for the log and for Settings. */
      readonly warnings?: readonly string[];
    }
  | { readonly kind: 'invalid'; readonly file: string; readonly problem: string };

export interface ManagedConfigDeps {
  readonly platform: NodeJS.Platform;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** `fs.promises.readFile` without an encoding: bytes, so UTF-16 files from PowerShell work. */
  readonly readFile: (path: string) => Promise<Uint8Array>;
  /** macOS: turns a binary plist into XML (`plutil -convert xml1 -o - <file>`). */
  readonly plistToXml?: (path: string) => Promise<string>;
}

type SourceResult =
  | { readonly kind: 'absent' }
  | { readonly kind: 'ok'; readonly config: ManagedConfig; readonly warnings: readonly string[] }
  | { readonly kind: 'invalid'; readonly problem: string };

export async function loadManagedConfig(deps: ManagedConfigDeps): Promise<ManagedConfigResult> {
  const location = managedConfigLocation(deps);
  const sources: { file: string; result: SourceResult }[] = [
    { file: location.json, result: await readJsonSource(location.json, deps) },
  ];
  if (location.plist) sources.push({ file: location.plist, result: await readPlistSource(location.plist, deps) });

  const invalid = sources.find((s) => s.result.kind === 'invalid');
  if (invalid && invalid.result.kind === 'invalid') {
    return { kind: 'invalid', file: invalid.file, problem: invalid.result.problem };
  }
  const present = sources.flatMap((s) => (s.result.kind === 'ok' ? [{ file: s.file, config: s.result.config, warnings: s.result.warnings }] : []));
  const first = present[0];
  if (!first) return { kind: 'none' };
  // A configuration profile (later in the list) is the more deliberate channel: it wins per key,
  // and locks add up.
  const config = present.reduce<ManagedConfig>((acc, s) => mergeManaged(acc, s.config), {});
  const sourceOf: Partial<Record<ManagedConfigKey, string>> = {};
  for (const source of present) for (const key of Object.keys(source.config) as ManagedConfigKey[]) sourceOf[key] = source.file;
  const warnings = present.flatMap((s) => s.warnings.map((w) => `${s.file}: ${w}`));
  return { kind: 'ok', file: first.file, files: present.map((s) => s.file), config, sources: sourceOf, warnings };
}

function mergeManaged(base: ManagedConfig, over: ManagedConfig): ManagedConfig {
  const locked = [...new Set([...(base.lockedSettings ?? []), ...(over.lockedSettings ?? [])])];
  const merged: ManagedConfig = { ...base, ...over };
  return locked.length > 0 ? { ...merged, lockedSettings: locked } : merged;
}

async function readBytes(file: string, deps: ManagedConfigDeps): Promise<Uint8Array | SourceResult> {
  try {
    return await deps.readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'absent' };
    const why = code === 'EACCES' || code === 'EPERM' ? ' (permission denied)' : code === 'EISDIR' ? ' (it is a folder)' : '';
    return { kind: 'invalid', problem: `cannot read file: ${code ?? (err as Error).message}${why}` };
  }
}

async function readJsonSource(file: string, deps: ManagedConfigDeps): Promise<SourceResult> {
  const bytes = await readBytes(file, deps);
  if (!(bytes instanceof Uint8Array)) return bytes;
  const text = decodeText(bytes);
  if (text === null) return { kind: 'invalid', problem: 'the file is not UTF-8 or UTF-16 text' };
  if (text.trim() === '') return { kind: 'invalid', problem: 'the file is empty (expected a JSON object)' };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { kind: 'invalid', problem: describeJsonError(text, err as Error) };
  }
  return validate(data);
}

async function readPlistSource(file: string, deps: ManagedConfigDeps): Promise<SourceResult> {
  const bytes = await readBytes(file, deps);
  if (!(bytes instanceof Uint8Array)) return bytes;
  let text: string;
  if (startsWithAscii(bytes, 'bplist')) {
    if (!deps.plistToXml) return { kind: 'invalid', problem: 'binary property list (convert it with plutil -convert xml1)' };
    try {
      text = await deps.plistToXml(file);
    } catch (err) {
      return { kind: 'invalid', problem: `cannot convert the binary property list: ${(err as Error).message}` };
    }
  } else {
    text = decodeText(bytes) ?? '';
  }
  // Loaded here: only macOS has a profile to read, and the XML parser is start-up time elsewhere.
  const { parsePlistDict } = await import('./plist-xml');
  const parsed = parsePlistDict(text);
  if (parsed.kind === 'invalid') return parsed;
  // Profiles carry bookkeeping keys of their own (PayloadUUID, …) next to ours.
  const ours = Object.fromEntries(Object.entries(parsed.dict).filter(([k]) => !k.startsWith('Payload')));
  return validate(ours);
}

async function validate(data: unknown): Promise<SourceResult> {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { kind: 'invalid', problem: `the configuration must be a JSON object, got ${describeValue(data)}` };
  }
  const { data: current, warnings } = dropRetiredKeys(data as Record<string, unknown>);
  // The schema (zod) loads only when there is a file to check: most machines have none, and
  // this runs before the first screen.
  const { checkManagedConfig } = await import('./managed-config-schema');
  const checked = checkManagedConfig(current);
  return checked.kind === 'ok' ? { kind: 'ok', config: checked.config, warnings } : checked;
}

function dropRetiredKeys(data: Record<string, unknown>): { data: Record<string, unknown>; warnings: string[] } {
  const warnings: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    const why = RETIRED_MANAGED_KEYS[key];
    if (why) warnings.push(`'${key}' is no longer used and was ignored (${why})`);
    else out[key] = value;
  }
  const locked = out.lockedSettings;
  if (Array.isArray(locked)) {
    const retired = locked.filter((name): name is string => typeof name === 'string' && RETIRED_MANAGED_KEYS[name] !== undefined);
    for (const name of retired) warnings.push(`lockedSettings names '${name}', which is no longer used; ignored`);
    if (retired.length > 0) out.lockedSettings = locked.filter((name) => !retired.includes(name as string));
  }
  return { data: out, warnings };
}

function startsWithAscii(bytes: Uint8Array, prefix: string): boolean {
  return prefix.split('').every((ch, i) => bytes[i] === ch.charCodeAt(0));
}

/** Windows PowerShell 5.1 writes UTF-16LE with a BOM (`Out-File`) or UTF-8 with a BOM. */
function decodeText(bytes: Uint8Array): string | null {
  try {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le', { fatal: true }).decode(bytes.subarray(2));
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be', { fatal: true }).decode(bytes.subarray(2));
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.startsWith('\uFEFF') ? text.slice(1) : text;
  } catch {
    return null;
  }
}

function describeJsonError(text: string, err: Error): string {
  const detail = err.message.replace(/\s*in JSON at position \d+.*$/s, '').replace(/^Unexpected end of JSON input$/, 'the file ends too early');
  const position = /position (\d+)/.exec(err.message)?.[1];
  const offset = position === undefined ? text.length : Number(position);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `invalid JSON at line ${line} column ${column} (${lowerFirst(detail)})`;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  // The banner goes to the screen and the log: a password put in a URL must reach neither.
  const shown = JSON.stringify(typeof value === 'string' ? value.replace(/(\/\/)[^/@\s]*@/, '$1***@') : value);
  return shown.length > 60 ? `${shown.slice(0, 57)}…"` : shown;
}

/** The sentence the app shows (banner) and logs when the organisation's file cannot be used. */
export function bannerFor(result: ManagedConfigResult): string | null {
  if (result.kind !== 'invalid') return null;
  return (
    `Your organisation's Keyhaven configuration (${result.file}) could not be used: ${result.problem}. ` +
    'Keyhaven is using safe defaults; contact your IT department.'
  );
}
