// The Debian packages `npm test` needs, each with how to tell it is installed and why it is
// needed. Pure: the checks are passed in, so a test can prove a missing package is named.
export const REQUIRED_PACKAGES = [
  { pkg: 'chromium', why: 'end-to-end tests drive Debian’s Chromium', present: (c) => c.exists('/usr/bin/chromium') },
  { pkg: 'dbus', why: 'a private D-Bus session for the keychain tests', present: (c) => c.onPath('dbus-run-session') && c.onPath('dbus-daemon') },
  { pkg: 'gnome-keyring', why: 'a real Secret Service for keytar', present: (c) => c.onPath('gnome-keyring-daemon') },
  {
    pkg: 'libsecret-1-dev',
    why: 'keytar links against libsecret',
    present: (c) => c.exists('/usr/include/libsecret-1') || c.exists('/usr/lib/x86_64-linux-gnu/libsecret-1.so'),
  },
  { pkg: 'nsis', why: 'the Windows installer script is compiled with makensis', present: (c) => c.onPath('makensis') },
  { pkg: 'postgresql', why: 'the PostgreSQL store is tested against a real server', present: (c) => c.glob('/usr/lib/postgresql/*/bin/initdb') },
];

export function missingPackages(checks) {
  return REQUIRED_PACKAGES.filter((r) => !r.present(checks));
}

export function missingPackagesMessage(missing) {
  if (missing.length === 0) return null;
  return [
    'Missing system packages:',
    ...missing.map((m) => `  - ${m.pkg} (${m.why})`),
    `Install them with: sudo apt-get install -y ${missing.map((m) => m.pkg).join(' ')}`,
  ].join('\n');
}
