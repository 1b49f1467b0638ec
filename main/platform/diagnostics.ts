import type { DiagnosticsResult, HostKind } from '../../preload/contract';
import type { ManagedConfigResult } from './managed-config';
import { SETTING_NAMES } from '../shared/setting-names';
import type { EffectiveSettings } from './settings';
import { censorSecrets, REDACTED } from '../log/logger';
import { readLogTail } from '../log/rotating-log-file';

/**
 * Settings → "Save diagnostics": one JSON file a person can send to their IT department — the
 * app's version and platform, the effective settings and where each came from, the managed
 * configuration's state, and the app log. Nothing secret: the log lines were redacted when
 * written and are redacted again here (an older log, a line from elsewhere), and the personal
 * last-used email is left out.
 */

export interface DiagnosticsApp {
  readonly version: string;
  readonly host: HostKind;
  readonly platform: string;
  readonly arch: string;
}

interface DiagnosticsInput {
  readonly app: DiagnosticsApp;
  readonly settings: EffectiveSettings;
  readonly managed: ManagedConfigResult;
  /** The log as read from disk (JSON lines), or null when this host keeps no log file. */
  readonly log: string | null;
  readonly createdAt: Date;
}

interface DiagnosticsBundle {
  readonly fileName: string;
  readonly text: string;
}

/** Query parameters and headers that carry secrets inside otherwise harmless strings (URLs, messages). */
const SECRET_IN_TEXT: readonly [RegExp, string][] = [
  [/([?&#](?:code|state|nonce|token|session|id_token|access_token|refresh_token|code_verifier|client_secret|SAMLResponse|SAMLRequest|RelayState|otc|ticket)=)[^&#\s"']*/gi, `$1${REDACTED}`],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, `$1 ${REDACTED}`],
  [/(\/\/)[^/@\s"']+:[^/@\s"']+@/g, `$1${REDACTED}@`],
];

function scrubText(text: string): string {
  return SECRET_IN_TEXT.reduce((acc, [pattern, replacement]) => acc.replace(pattern, replacement), text);
}

function scrubValue(value: unknown): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (Array.isArray(value)) return value.map(scrubValue);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubValue(v)]));
  return value;
}

/** Each JSON log line redacted again by key (as the logger does) and by pattern; other lines by pattern. */
function redactLogText(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        return JSON.stringify(scrubValue(censorSecrets(JSON.parse(line))));
      } catch {
        return scrubText(line);
      }
    });
}

function settingsForSupport(settings: EffectiveSettings): Record<string, { value: unknown; source: string; locked: boolean }> {
  const out: Record<string, { value: unknown; source: string; locked: boolean }> = {};
  for (const name of SETTING_NAMES) {
    if (name === 'lastEmail') continue;
    const s = settings[name];
    out[name] = { value: typeof s.value === 'string' ? scrubText(s.value) : s.value, source: s.source, locked: s.locked };
  }
  return out;
}

function managedForSupport(managed: ManagedConfigResult): unknown {
  switch (managed.kind) {
    case 'none':
      return { state: 'none' };
    case 'invalid':
      return { state: 'invalid', file: managed.file, problem: scrubText(managed.problem) };
    case 'ok':
      return { state: 'ok', files: managed.files, config: scrubValue(managed.config), sources: managed.sources ?? {}, warnings: managed.warnings ?? [] };
  }
}

function buildDiagnostics(input: DiagnosticsInput): DiagnosticsBundle {
  const stamp = input.createdAt.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
  const body = {
    kind: 'keyhaven-diagnostics',
    createdAt: input.createdAt.toISOString(),
    app: { name: 'Keyhaven', ...input.app },
    settings: settingsForSupport(input.settings),
    managedConfiguration: managedForSupport(input.managed),
    log: input.log === null ? null : redactLogText(input.log),
  };
  return { fileName: `keyhaven-diagnostics-${stamp}.json`, text: `${JSON.stringify(body, null, 2)}\n` };
}

/** Where the bundle goes: Electron asks with a save dialog; without one, the renderer downloads it. */
export type SaveFile = (suggestedName: string, text: string) => Promise<{ readonly kind: 'saved'; readonly path: string } | { readonly kind: 'cancelled' }>;

export interface DiagnosticsServiceDeps {
  readonly app: DiagnosticsApp;
  readonly settings: () => Promise<EffectiveSettings>;
  readonly managed: ManagedConfigResult;
  readonly logDir: string | null;
  readonly saveFile?: SaveFile;
  readonly now?: () => Date;
}

export interface DiagnosticsService {
  save(): Promise<DiagnosticsResult>;
}

export function createDiagnosticsService(deps: DiagnosticsServiceDeps): DiagnosticsService {
  return {
    async save() {
      const bundle = buildDiagnostics({
        app: deps.app,
        settings: await deps.settings(),
        managed: deps.managed,
        log: deps.logDir === null ? null : await readLogTail(deps.logDir),
        createdAt: (deps.now ?? (() => new Date()))(),
      });
      if (!deps.saveFile) return { kind: 'download', fileName: bundle.fileName, text: bundle.text };
      return deps.saveFile(bundle.fileName, bundle.text);
    },
  };
}
