import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadManagedConfig, MANAGED_CONFIG_KEYS, type ManagedConfigResult } from '../../../main/platform/managed-config';
import { INSTALLER_OPTIONS, installerArg, managedJsonFromInstallerArgs } from './installer-args-model';

const NSH = path.resolve(__dirname, '../../../build/installer.nsh');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'keyhaven-nsis-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes the text as the installer does (UTF-16LE with a BOM) and reads it as the app does. */
async function asTheAppSeesIt(text: string): Promise<ManagedConfigResult> {
  const file = path.join(dir, 'managed.json');
  await writeFile(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
  return loadManagedConfig({ platform: 'win32', env: { KEYHAVEN_MANAGED_CONFIG: file }, readFile });
}

describe('installer parameters → managed.json (model of build/installer.nsh)', () => {
  it('writes only the keys given, in a file the app accepts', async () => {
    const text = managedJsonFromInstallerArgs('/S /BACKENDURL=https://vault.acme.com/kh /SSODOMAIN=acme.com /AUTOSTART=1');
    expect(text).toBe('{\r\n  "backendUrl": "https://vault.acme.com/kh",\r\n  "ssoDomain": "acme.com",\r\n  "launchAtStartup": true\r\n}\r\n');
    const result = await asTheAppSeesIt(text ?? '');
    expect(result.kind === 'ok' && result.config).toEqual({ backendUrl: 'https://vault.acme.com/kh', ssoDomain: 'acme.com', launchAtStartup: true });
  });

  it('writes every parameter, with 0 as false', async () => {
    const text = managedJsonFromInstallerArgs('/S /SSOCONNECTION=acme-okta /AUTOSTART=0 /STARTHIDDEN=1 /D=C:\\Apps\\Keyhaven');
    const result = await asTheAppSeesIt(text ?? '');
    expect(result.kind === 'ok' && result.config).toEqual({ ssoConnection: 'acme-okta', launchAtStartup: false, startHidden: true });
  });

  it('leaves managed.json alone when no parameter is given (interactive install, an upgrade run without parameters)', () => {
    expect(managedJsonFromInstallerArgs('/S --updated --force-run')).toBeNull();
    expect(managedJsonFromInstallerArgs('')).toBeNull();
  });

  it('keeps slashes in a URL, unlike NSIS GetOptions', () => {
    expect(installerArg('/BACKENDURL=https://vault.acme.com/a/b /S', '/BACKENDURL=')).toBe('https://vault.acme.com/a/b');
  });

  it('reads quoted values, ignores case, and does not match inside another option', () => {
    expect(installerArg('/ssodomain="acme.com" /S', '/SSODOMAIN=')).toBe('acme.com');
    expect(installerArg('/XBACKENDURL=https://evil.example', '/BACKENDURL=')).toBeUndefined();
    expect(installerArg('/AUTOSTART=1 _?=C:\\Program Files\\Keyhaven', '/AUTOSTART=')).toBe('1');
  });

  it('escapes quotes and backslashes so a strange value still yields JSON the app can judge', async () => {
    const text = managedJsonFromInstallerArgs('/SSODOMAIN="acme\\corp\'s" /SSOCONNECTION=a"b');
    expect(text).toContain('"ssoDomain": "acme\\\\corp\'s"');
    const result = await asTheAppSeesIt(text ?? '');
    expect(result.kind).toBe('invalid');
    expect(result.kind === 'invalid' && result.problem).toContain('ssoDomain must be a domain name');
  });

  it('passes a switch that is not 0 or 1 on as text, so the app names the mistake', async () => {
    const result = await asTheAppSeesIt(managedJsonFromInstallerArgs('/AUTOSTART=yes') ?? '');
    expect(result).toMatchObject({ kind: 'invalid', problem: 'launchAtStartup must be true or false, got "yes"' });
  });

  it('writes only keys the managed configuration knows', () => {
    for (const { key } of INSTALLER_OPTIONS) expect(MANAGED_CONFIG_KEYS).toContain(key);
  });
});

describe('build/installer.nsh', () => {
  it('handles every documented parameter with the key and kind of the model', async () => {
    const nsh = await readFile(NSH, 'utf8');
    const handled = [...nsh.matchAll(/!insertmacro KEYHAVEN_(STRING|BOOL)_OPTION "([^"]+)" "([^"]+)"/g)].map((m) => ({
      option: m[2],
      key: m[3],
      kind: m[1]?.toLowerCase(),
    }));
    expect(handled).toEqual(INSTALLER_OPTIONS.map(({ option, key, kind }) => ({ option, key, kind })));
  });

  it('writes %ProgramData%\\Keyhaven\\managed.json, the file the app reads on Windows', async () => {
    const nsh = await readFile(NSH, 'utf8');
    expect(nsh).toContain('!define KEYHAVEN_MANAGED_JSON "$KeyhavenProgramData\\Keyhaven\\managed.json"');
    expect(nsh).toMatch(/ReadEnvStr \$KeyhavenProgramData "ProgramData"/);
    expect(nsh).toContain('StrCpy $KeyhavenProgramData "C:\\ProgramData"');
    expect(nsh).toMatch(/FileOpen \$R0 "\$\{KEYHAVEN_MANAGED_JSON\}" w/);
  });

  it('deletes managed.json on uninstall only with /REMOVECONFIG=1 and never during an update', async () => {
    const nsh = await readFile(NSH, 'utf8');
    const uninstall = nsh.slice(nsh.indexOf('!macro customUnInstall'));
    expect(uninstall).toMatch(/\$\{ifNot\} \$\{isUpdated\}/);
    expect(uninstall).toMatch(/Push "\/REMOVECONFIG="[\s\S]*\$\{AndIf\} \$R1 == "1"\s*Delete "\$\{KEYHAVEN_MANAGED_JSON\}"/);
  });

  const makensis = spawnSync('makensis', ['-VERSION']).status === 0;
  // Needs Debian's `nsis` package (.ci/run installs it; npm test names it when missing).
  it('compiles with makensis, warnings as errors, in the installer and uninstaller passes', async () => {
    const stub = `Unicode true
!define PRODUCT_NAME "Keyhaven"
!define APP_EXECUTABLE_FILENAME "Keyhaven.exe"
!macro _isUpdated _a _b _t _f
  StrCmp "" "" \`\${_f}\` \`\${_t}\`
!macroend
!define isUpdated \`"" isUpdated ""\`
Name "Keyhaven include check"
OutFile "${path.join(dir, 'check.exe')}"
RequestExecutionLevel admin
!addincludedir "${path.dirname(NSH)}"
!include "installer.nsh"
Section "install"
!ifdef BUILD_UNINSTALLER
  WriteUninstaller "$TEMP\\uninstall.exe"
!else
  !insertmacro customInstall
!endif
SectionEnd
!ifdef BUILD_UNINSTALLER
Section "un.Uninstall"
  !insertmacro customUnInstall
SectionEnd
!endif
`;
    const script = path.join(dir, 'check.nsi');
    await writeFile(script, stub);
    // electron-builder runs makensis with -WX (nsis.warningsAsErrors) and the uninstaller as a
    // second pass with BUILD_UNINSTALLER: an unreferenced function in either pass would fail it.
    expect(makensis, "makensis is missing: install Debian's nsis package").toBe(true);
    execFileSync('makensis', ['-V2', '-WX', script], { stdio: 'pipe' });
    execFileSync('makensis', ['-V2', '-WX', '-DBUILD_UNINSTALLER', script], { stdio: 'pipe' });
  });
});
