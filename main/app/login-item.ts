import type { App, Settings } from 'electron';
import {
  isAutostartEntryEnabled,
  linuxLaunchPath,
  removeAutostartEntry,
  writeAutostartEntry,
  type AutostartFs,
} from './autostart-linux';
import { HIDDEN_FLAG } from '../runtime/hidden-start';

/**
 * Launch at startup, one call for every OS: Electron's login item on Windows and macOS, an XDG
 * autostart entry on Linux. Idempotent, so the app can apply the effective setting at every start
 * (which also repairs an entry left pointing at an old install location).
 */

/** The part of Electron's `app` this needs; tests pass a recording stand-in. */
export type LoginItemApp = Pick<App, 'setLoginItemSettings' | 'getLoginItemSettings'>;

export interface LaunchAtStartupTarget {
  readonly platform: NodeJS.Platform;
  readonly app: LoginItemApp;
  /** `process.execPath` of the packaged app. */
  readonly execPath: string;
  readonly homeDir: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly fs: AutostartFs;
}

export type LaunchAtStartupResult =
  | { readonly kind: 'login-item'; readonly settings: Settings }
  | { readonly kind: 'xdg-autostart'; readonly file: string; readonly enabled: boolean }
  | { readonly kind: 'unsupported'; readonly platform: NodeJS.Platform };

/** What Electron is told on Windows and macOS. */
export function loginItemSettingsFor(platform: NodeJS.Platform, enabled: boolean, execPath: string): Settings {
  if (platform === 'win32') {
    // A Run key entry: the exact exe plus --hidden, so a login start goes to the tray.
    return { openAtLogin: enabled, path: execPath, args: [HIDDEN_FLAG] };
  }
  // macOS (SMAppService) passes no arguments and no longer honours "open as hidden": the app
  // recognises a login start by getLoginItemSettings().wasOpenedAtLogin instead (hidden-start.ts).
  return { openAtLogin: enabled };
}

export async function applyLaunchAtStartup(
  input: LaunchAtStartupTarget & { readonly enabled: boolean },
): Promise<LaunchAtStartupResult> {
  switch (input.platform) {
    case 'win32':
    case 'darwin': {
      const settings = loginItemSettingsFor(input.platform, input.enabled, input.execPath);
      input.app.setLoginItemSettings(settings);
      return { kind: 'login-item', settings };
    }
    case 'linux': {
      const file = input.enabled
        ? await writeAutostartEntry({ ...input, launchPath: linuxLaunchPath(input) })
        : await removeAutostartEntry(input);
      return { kind: 'xdg-autostart', file, enabled: input.enabled };
    }
    default:
      return { kind: 'unsupported', platform: input.platform };
  }
}

export async function isLaunchAtStartupEnabled(input: LaunchAtStartupTarget): Promise<boolean> {
  switch (input.platform) {
    case 'win32':
      // Windows compares path and args: ask with the same ones we registered.
      return input.app.getLoginItemSettings({ path: input.execPath, args: [HIDDEN_FLAG] }).openAtLogin;
    case 'darwin':
      return input.app.getLoginItemSettings().openAtLogin;
    case 'linux':
      return isAutostartEntryEnabled(input);
    default:
      return false;
  }
}
