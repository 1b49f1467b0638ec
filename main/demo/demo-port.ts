import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { reserveLoopbackPort, type PortReservation } from './free-port';

const FILE = 'demo-backend-port';

/**
 * The demo backend's loopback port, kept in the data folder and reused on the next start. The
 * session token and the vault's device key are filed in the OS keychain under the backend URL, so
 * a new port on every start would sign the user out and leave a vault without a master password
 * unopenable. A new port is chosen (and kept) only when the old one is taken. The port is held
 * until the backend listens on it, because the IdPs started in between take ephemeral ports.
 */
export async function reserveDemoBackendPort(userDataDir: string): Promise<PortReservation> {
  const file = path.join(userDataDir, FILE);
  const kept = Number((await readFile(file, 'utf8').catch(() => '')).trim());
  if (Number.isInteger(kept) && kept >= 1024 && kept <= 65535) {
    const held = await reserveLoopbackPort(kept);
    if (held) return held;
  }
  // The demo IdPs start on ephemeral ports after this: holding the port keeps them off it.
  const held = await reserveLoopbackPort(0);
  if (!held) throw new Error('No free loopback port for the demo backend.');
  await writeFile(file, `${held.port}\n`, { mode: 0o600 });
  return held;
}
