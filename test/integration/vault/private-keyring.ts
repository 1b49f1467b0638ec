import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/**
 * A private Secret Service for tests: our own session bus (dbus-daemon, not forked, so we own
 * its pid) and gnome-keyring-daemon with an unlocked login keyring in a temporary HOME. The
 * caller points keytar at it through DBUS_SESSION_BUS_ADDRESS before keytar's first call.
 */
export interface PrivateKeyring {
  readonly busAddress: string;
  stop(): Promise<void>;
}

const REQUIRED = [
  { binary: 'dbus-daemon', debianPackage: 'dbus' },
  { binary: 'dbus-send', debianPackage: 'dbus' },
  { binary: 'gnome-keyring-daemon', debianPackage: 'gnome-keyring' },
] as const;

/** Throws (never skips) naming the Debian package of the first missing program. */
export function requireKeyringPrograms(path = process.env.PATH ?? ''): void {
  for (const { binary, debianPackage } of REQUIRED) {
    const found = path.split(delimiter).some((dir) => {
      try {
        accessSync(join(dir, binary), constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
    if (!found) {
      throw new Error(`${binary} is not installed: the keychain tests need a real Secret Service. Install the Debian package ${debianPackage} (apt-get install -y ${debianPackage}).`);
    }
  }
}

export async function startPrivateKeyring(): Promise<PrivateKeyring> {
  requireKeyringPrograms();
  const home = mkdtempSync(join(tmpdir(), 'keyhaven-keyring-'));
  const runtime = join(home, 'runtime');
  mkdirSync(join(home, '.local', 'share', 'keyrings'), { recursive: true });
  mkdirSync(runtime, { mode: 0o700 });
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, XDG_RUNTIME_DIR: runtime };
  delete env.DBUS_SESSION_BUS_ADDRESS;

  const bus = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1', `--address=unix:path=${join(runtime, 'bus')}`], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const children: ChildProcess[] = [bus];
  const stop = async (): Promise<void> => {
    for (const child of children.reverse()) await terminate(child);
    rmSync(home, { recursive: true, force: true });
  };
  try {
    const busAddress = await firstLine(bus, 'dbus-daemon');
    const keyring = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], {
      env: { ...env, DBUS_SESSION_BUS_ADDRESS: busAddress },
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    children.push(keyring);
    // The password creates and unlocks the "login" keyring; it is thrown away with HOME.
    keyring.stdin?.end(randomBytes(18).toString('base64'));
    await waitForSecretService(busAddress, keyring);
    return { busAddress, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function firstLine(child: ChildProcess, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`${name} printed no address within 10 s: ${err}`)), 10_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const newline = out.indexOf('\n');
      if (newline >= 0) {
        clearTimeout(timer);
        resolve(out.slice(0, newline).trim());
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}) before it was ready: ${err}`));
    });
  });
}

/** Waits until gnome-keyring owns org.freedesktop.secrets, so no D-Bus activation races it. */
async function waitForSecretService(busAddress: string, keyring: ChildProcess): Promise<void> {
  let stderr = '';
  keyring.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (keyring.exitCode !== null) throw new Error(`gnome-keyring-daemon exited (${keyring.exitCode}): ${stderr}`);
    const probe = spawnSync(
      'dbus-send',
      [`--bus=${busAddress}`, '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', 'string:org.freedesktop.secrets'],
      { encoding: 'utf8' },
    );
    if (probe.stdout.includes('boolean true')) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gnome-keyring-daemon did not register the Secret Service within 10 s: ${stderr}`);
}

function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
