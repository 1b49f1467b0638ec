import os from 'node:os';

const OS_NAMES: Readonly<Partial<Record<NodeJS.Platform, string>>> = { darwin: 'macOS', win32: 'Windows', linux: 'Linux' };

/** A name people recognise in a device list: "alice on laptop-7 (Linux)". */
export function deviceDisplayName(platform: NodeJS.Platform, info: { user?: string; host?: string } = {}): string {
  let user = info.user;
  if (user === undefined) {
    try {
      user = os.userInfo().username;
    } catch {
      user = '';
    }
  }
  const host = info.host ?? os.hostname();
  const system = OS_NAMES[platform] ?? platform;
  const who = user ? `${user} on ${host || 'this computer'}` : host || 'This computer';
  return `${who} (${system})`.slice(0, 200);
}
