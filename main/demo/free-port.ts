import { createServer } from 'node:net';

/** Asks the OS for a free loopback port (used where a URL must be known before listening). */
export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface PortReservation {
  readonly port: number;
  /** Frees the port for its real owner, which listens on it right after. */
  release(): Promise<void>;
}

/**
 * Holds a loopback port (0 = any) with a placeholder listener, for a URL that must be known
 * before its server can start: nothing started in between (IdPs, callback servers on ephemeral
 * ports) can take it. Null when the port is taken.
 */
export function reserveLoopbackPort(port = 0): Promise<PortReservation | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(null));
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      let released: Promise<void> | null = null;
      resolve({ port: bound, release: () => (released ??= new Promise<void>((done) => server.close(() => done()))) });
    });
  });
}
