// `npm start` on Linux with no Secret Service: the demo runs on a private keyring of its own
// (scripts/with-demo-keyring.sh), the way the tests do, and says so. Not for a real backend.
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { secretServiceReachable } from './secret-service.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function argValue(args, name) {
  const i = args.indexOf(name);
  if (i !== -1) return args[i + 1];
  return args.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
}

function dataDir(args, env) {
  const given = argValue(args, '--data-dir');
  if (given) return path.resolve(given);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), 'Keyhaven');
}

/** The command to run `command` with: itself, or inside the demo's private keyring session. */
export function withDemoKeyring(command, commandArgs, args, env = process.env) {
  const demo = !argValue(args, '--config') && !argValue(args, '--backend-url') && !env.KEYHAVEN_TENANT_CONFIG;
  if (process.platform !== 'linux' || !demo || secretServiceReachable(env)) return [command, commandArgs];
  const keyringDir = path.join(dataDir(args, env), 'demo-keyring');
  const hasPrograms = ['/usr/bin/dbus-run-session', '/usr/bin/gnome-keyring-daemon'].every(existsSync);
  if (!hasPrograms) {
    console.log('No Secret Service is running here, and the demo cannot start a private one: install gnome-keyring and dbus (sudo apt install gnome-keyring dbus).');
    return [command, commandArgs];
  }
  console.log(`No Secret Service is running here: the demo uses a private keyring of its own, kept in ${keyringDir} (demo use only; for real secrets install gnome-keyring or KWallet and sign in to a desktop session).`);
  return [path.join(root, 'scripts/with-demo-keyring.sh'), [keyringDir, command, ...commandArgs]];
}
