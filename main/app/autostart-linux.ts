import path from 'node:path';

/**
 * Launch at startup on Linux: Electron's login-item API does not exist there, so Keyhaven writes
 * an XDG autostart entry (freedesktop "Desktop Application Autostart Specification") into
 * `$XDG_CONFIG_HOME/autostart`, which every mainstream desktop (GNOME, KDE, Xfce, Cinnamon, …)
 * runs at login.
 */

export const AUTOSTART_FILE_NAME = 'keyhaven.desktop';

export interface AutostartFs {
  readFile(path: string, encoding: 'utf8'): Promise<string>;
  writeFile(path: string, data: string, options: { encoding: 'utf8'; mode: number }): Promise<void>;
  mkdir(path: string, options: { recursive: true }): Promise<unknown>;
  rm(path: string, options: { force: true }): Promise<void>;
}

export interface AutostartLocationInput {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly homeDir: string;
}

export function autostartFilePath({ env, homeDir }: AutostartLocationInput): string {
  // The XDG Base Directory spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const configHome = env.XDG_CONFIG_HOME && path.posix.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.posix.join(homeDir, '.config');
  return path.posix.join(configHome, 'autostart', AUTOSTART_FILE_NAME);
}

/**
 * The program to start: an AppImage runs from a temporary mount that changes every launch, so the
 * entry must point at the .AppImage file itself, which the AppImage runtime puts in $APPIMAGE.
 */
export function linuxLaunchPath(input: { readonly execPath: string; readonly env: Readonly<Record<string, string | undefined>> }): string {
  const appImage = input.env.APPIMAGE?.trim();
  return appImage ? appImage : input.execPath;
}

/**
 * One argument of an Exec key, per the Desktop Entry spec ("The Exec key"): inside double quotes,
 * `"`, `` ` ``, `$` and `\` take a backslash; `%` is doubled because `%x` is a field code; then the
 * whole value gets the general string escaping, which doubles every backslash again.
 */
export function quoteExecArgument(arg: string): string {
  if (/[\n\r\t\0]/.test(arg)) throw new Error('an autostart command cannot contain line breaks, tabs or NUL');
  const quoted = `"${arg.replace(/["`$\\]/g, (c) => `\\${c}`)}"`;
  return quoted.replace(/%/g, '%%').replace(/\\/g, '\\\\');
}

export function autostartDesktopEntry(launchPath: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    'Name=Keyhaven',
    'Comment=Password vault with single sign-on',
    `Exec=${quoteExecArgument(launchPath)} --hidden`,
    'Icon=keyhaven',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export interface AutostartInput extends AutostartLocationInput {
  readonly fs: AutostartFs;
}

export async function writeAutostartEntry(input: AutostartInput & { readonly launchPath: string }): Promise<string> {
  const file = autostartFilePath(input);
  await input.fs.mkdir(path.posix.dirname(file), { recursive: true });
  await input.fs.writeFile(file, autostartDesktopEntry(input.launchPath), { encoding: 'utf8', mode: 0o644 });
  return file;
}

export async function removeAutostartEntry(input: AutostartInput): Promise<string> {
  const file = autostartFilePath(input);
  await input.fs.rm(file, { force: true });
  return file;
}

/** Present and not switched off by the desktop's own settings (Hidden=true or the GNOME key). */
export async function isAutostartEntryEnabled(input: AutostartInput): Promise<boolean> {
  let text: string;
  try {
    text = await input.fs.readFile(autostartFilePath(input), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
  return !/^Hidden\s*=\s*true\s*$/m.test(text) && !/^X-GNOME-Autostart-enabled\s*=\s*false\s*$/m.test(text);
}
