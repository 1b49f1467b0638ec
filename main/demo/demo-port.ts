import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { freeLoopbackPort } from './free-port';

const FILE = 'demo-backend-port';

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * The demo backend's loopback port, kept in the data folder and reused on the next start. The
 * session token and the vault's device key are filed in the OS keychain under the backend URL, so
 * a new port on every start would sign the user out and leave a vault without a master password
 * unopenable. A new port is chosen (and kept) only when the old one is taken.
 */
export async function demoBackendPort(userDataDir: string): Promise<number> {
  const file = path.join(userDataDir, FILE);
  const kept = Number((await readFile(file, 'utf8').catch(() => '')).trim());
  if (Number.isInteger(kept) && kept >= 1024 && kept <= 65535 && (await portIsFree(kept))) return kept;
  const port = await freeLoopbackPort();
  await writeFile(file, `${port}\n`, { mode: 0o600 });
  return port;
}
