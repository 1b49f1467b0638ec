// Whether a Secret Service (gnome-keyring, KWallet) answers on this session's D-Bus: what
// Keyhaven's keychain needs on Linux. Asked of the bus itself, as libsecret would reach it.
import { spawnSync } from 'node:child_process';

const SECRETS = 'org.freedesktop.secrets';

function busNames(method, env) {
  const res = spawnSync(
    'dbus-send',
    ['--session', '--dest=org.freedesktop.DBus', '--type=method_call', '--print-reply', '/org/freedesktop/DBus', `org.freedesktop.DBus.${method}`],
    { env, encoding: 'utf8', timeout: 5_000 },
  );
  return res.status === 0 ? res.stdout : '';
}

/** true when the session bus has (or can start) org.freedesktop.secrets. */
export function secretServiceReachable(env = process.env) {
  if (!env.DBUS_SESSION_BUS_ADDRESS) return false;
  return busNames('ListNames', env).includes(`"${SECRETS}"`) || busNames('ListActivatableNames', env).includes(`"${SECRETS}"`);
}
