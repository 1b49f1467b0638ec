import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';

/** Whether something accepts connections on 127.0.0.1:port (a bind that fails means it is taken). */
export function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(true));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve(false)));
  });
}

/** The demo backend's port, as main/demo/demo-port.ts keeps it in the data folder. */
export async function demoBackendPort(userDataDir: string): Promise<number> {
  return Number((await readFile(path.join(userDataDir, 'demo-backend-port'), 'utf8')).trim());
}
