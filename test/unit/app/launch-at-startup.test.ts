import * as fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { LoginItemSettings, LoginItemSettingsOptions, Settings } from 'electron';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { autostartFilePath, quoteExecArgument } from '../../../main/app/autostart-linux';
import { applyLaunchAtStartup, isLaunchAtStartupEnabled, type LoginItemApp } from '../../../main/app/login-item';

let home: string;
beforeEach(async () => {
  home = await fsp.mkdtemp(path.join(os.tmpdir(), 'keyhaven-home-'));
});
afterEach(async () => {
  await fsp.rm(home, { recursive: true, force: true });
});

/**
 * A recording stand-in for Electron's `app` (the real one needs the Electron binary, which cannot
 * be downloaded here). It remembers what was set, like Windows' Run key or macOS' login items.
 */
function recordingApp() {
  const calls: { set: Settings[]; get: (LoginItemSettingsOptions | undefined)[] } = { set: [], get: [] };
  let openAtLogin = false;
  const app: LoginItemApp = {
    setLoginItemSettings: (settings) => {
      calls.set.push(settings);
      openAtLogin = settings.openAtLogin ?? false;
    },
    getLoginItemSettings: (options) => {
      calls.get.push(options);
      return { openAtLogin, wasOpenedAtLogin: false, status: 'enabled', executableWillLaunchAtLogin: openAtLogin, launchItems: [] } satisfies LoginItemSettings;
    },
  };
  return { app, calls };
}

const EXPECTED_ENTRY = (exec: string) => `[Desktop Entry]
Type=Application
Version=1.0
Name=Keyhaven
Comment=Password vault with single sign-on
Exec=${exec} --hidden
Icon=keyhaven
Terminal=false
X-GNOME-Autostart-enabled=true
`;

describe('launch at startup on Linux (XDG autostart)', () => {
  const base = () => ({ platform: 'linux' as const, app: recordingApp().app, homeDir: home, fs: fsp });

  it('writes exactly the documented entry to ~/.config/autostart/keyhaven.desktop', async () => {
    const result = await applyLaunchAtStartup({ ...base(), enabled: true, execPath: '/opt/Keyhaven/keyhaven', env: {} });
    const file = path.join(home, '.config', 'autostart', 'keyhaven.desktop');
    expect(result).toEqual({ kind: 'xdg-autostart', file, enabled: true });
    expect(await fsp.readFile(file, 'utf8')).toBe(EXPECTED_ENTRY('"/opt/Keyhaven/keyhaven"'));
    expect(await isLaunchAtStartupEnabled({ ...base(), execPath: '/opt/Keyhaven/keyhaven', env: {} })).toBe(true);
  });

  it('honours an absolute XDG_CONFIG_HOME and ignores a relative one', async () => {
    const configHome = path.join(home, 'cfg');
    expect(autostartFilePath({ env: { XDG_CONFIG_HOME: configHome }, homeDir: home })).toBe(path.join(configHome, 'autostart', 'keyhaven.desktop'));
    expect(autostartFilePath({ env: { XDG_CONFIG_HOME: 'cfg' }, homeDir: home })).toBe(path.join(home, '.config', 'autostart', 'keyhaven.desktop'));
  });

  it('starts the AppImage file itself, not its temporary mount', async () => {
    const env = { APPIMAGE: '/home/alice/Apps/Keyhaven-1.2.0.AppImage' };
    const result = await applyLaunchAtStartup({ ...base(), enabled: true, execPath: '/tmp/.mount_KeyhavXYZ/keyhaven', env });
    const text = await fsp.readFile(result.kind === 'xdg-autostart' ? result.file : '', 'utf8');
    expect(text).toContain('Exec="/home/alice/Apps/Keyhaven-1.2.0.AppImage" --hidden\n');
  });

  it('escapes quotes, dollars, backslashes and percent signs per the Desktop Entry spec', () => {
    expect(quoteExecArgument('/opt/My "Apps"/$HOME/a\\b/100%/keyhaven')).toBe('"/opt/My \\\\"Apps\\\\"/\\\\$HOME/a\\\\\\\\b/100%%/keyhaven"');
    expect(() => quoteExecArgument('/opt/evil\nExec=/bin/sh')).toThrow(/line breaks/);
  });

  it('removes the entry when switched off, and tolerates it being gone already', async () => {
    const input = { ...base(), execPath: '/opt/Keyhaven/keyhaven', env: {} };
    await applyLaunchAtStartup({ ...input, enabled: true });
    await applyLaunchAtStartup({ ...input, enabled: false });
    await expect(fsp.stat(path.join(home, '.config', 'autostart', 'keyhaven.desktop'))).rejects.toThrow(/ENOENT/);
    expect(await isLaunchAtStartupEnabled(input)).toBe(false);
    await expect(applyLaunchAtStartup({ ...input, enabled: false })).resolves.toMatchObject({ enabled: false });
  });

  it('counts an entry the desktop switched off as disabled', async () => {
    const input = { ...base(), execPath: '/opt/Keyhaven/keyhaven', env: {} };
    const result = await applyLaunchAtStartup({ ...input, enabled: true });
    const file = result.kind === 'xdg-autostart' ? result.file : '';
    await fsp.writeFile(file, (await fsp.readFile(file, 'utf8')).replace('X-GNOME-Autostart-enabled=true', 'X-GNOME-Autostart-enabled=false'));
    expect(await isLaunchAtStartupEnabled(input)).toBe(false);
  });
});

describe('launch at startup on Windows and macOS (Electron login item, recording stand-in)', () => {
  it('registers the exe with --hidden on Windows and asks back with the same path and args', async () => {
    const { app, calls } = recordingApp();
    const input = { platform: 'win32' as const, app, execPath: 'C:\\Program Files\\Keyhaven\\Keyhaven.exe', homeDir: home, env: {}, fs: fsp };
    await applyLaunchAtStartup({ ...input, enabled: true });
    expect(calls.set).toEqual([{ openAtLogin: true, path: 'C:\\Program Files\\Keyhaven\\Keyhaven.exe', args: ['--hidden'] }]);
    expect(await isLaunchAtStartupEnabled(input)).toBe(true);
    expect(calls.get).toEqual([{ path: 'C:\\Program Files\\Keyhaven\\Keyhaven.exe', args: ['--hidden'] }]);
    await applyLaunchAtStartup({ ...input, enabled: false });
    expect(calls.set[1]).toEqual({ openAtLogin: false, path: 'C:\\Program Files\\Keyhaven\\Keyhaven.exe', args: ['--hidden'] });
    expect(await isLaunchAtStartupEnabled(input)).toBe(false);
  });

  it('registers a plain login item on macOS and writes no files', async () => {
    const { app, calls } = recordingApp();
    const input = { platform: 'darwin' as const, app, execPath: '/Applications/Keyhaven.app/Contents/MacOS/Keyhaven', homeDir: home, env: {}, fs: fsp };
    expect(await applyLaunchAtStartup({ ...input, enabled: true })).toEqual({ kind: 'login-item', settings: { openAtLogin: true } });
    expect(calls.set).toEqual([{ openAtLogin: true }]);
    expect(await isLaunchAtStartupEnabled(input)).toBe(true);
    expect(await fsp.readdir(home)).toEqual([]);
  });

  it('does nothing on a platform without a login-item mechanism', async () => {
    const { app, calls } = recordingApp();
    const result = await applyLaunchAtStartup({ platform: 'freebsd', app, execPath: '/usr/local/bin/keyhaven', homeDir: home, env: {}, fs: fsp, enabled: true });
    expect(result).toEqual({ kind: 'unsupported', platform: 'freebsd' });
    expect(calls.set).toEqual([]);
  });
});
