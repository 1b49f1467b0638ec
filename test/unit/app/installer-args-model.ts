/**
 * A TypeScript model of build/installer.nsh (the NSIS installer cannot run here): the same
 * argument reading (KeyhavenGetArg), escaping (KeyhavenJsonEscape) and output text, step for step,
 * so its behaviour can be tested. Change both together.
 */

export const INSTALLER_OPTIONS = [
  { option: '/BACKENDURL=', key: 'backendUrl', kind: 'string' },
  { option: '/SSODOMAIN=', key: 'ssoDomain', kind: 'string' },
  { option: '/SSOCONNECTION=', key: 'ssoConnection', kind: 'string' },
  { option: '/AUTOSTART=', key: 'launchAtStartup', kind: 'bool' },
  { option: '/STARTHIDDEN=', key: 'startHidden', kind: 'bool' },
] as const;

/** KeyhavenGetArg: the value after ` OPTION` up to the next space, or between double quotes. */
export function installerArg(params: string, option: string): string | undefined {
  const haystack = ` ${params}`;
  const needle = ` ${option}`;
  const at = haystack.toLowerCase().indexOf(needle.toLowerCase());
  if (at < 0) return undefined;
  let rest = haystack.slice(at + needle.length);
  let end = ' ';
  if (rest.startsWith('"')) {
    rest = rest.slice(1);
    end = '"';
  }
  const stop = rest.indexOf(end);
  return stop < 0 ? rest : rest.slice(0, stop);
}

/** KeyhavenJsonEscape. */
export function nsisJsonEscape(value: string): string {
  return value.replace(/["\\\t]/g, (c) => (c === '\t' ? '\\t' : `\\${c}`));
}

/** The exact text customInstall writes, or null when no parameter was given (file untouched). */
export function managedJsonFromInstallerArgs(params: string): string | null {
  let json = '{';
  let sep = '';
  for (const { option, key, kind } of INSTALLER_OPTIONS) {
    const raw = installerArg(params, option);
    if (raw === undefined) continue;
    const value = kind === 'bool' && raw === '1' ? 'true' : kind === 'bool' && raw === '0' ? 'false' : `"${nsisJsonEscape(raw)}"`;
    json += `${sep}\r\n  "${key}": ${value}`;
    sep = ',';
  }
  return sep === '' ? null : `${json}\r\n}\r\n`;
}
