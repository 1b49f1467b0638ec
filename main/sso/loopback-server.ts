import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LOOPBACK_PAGE_CSP, renderLoopbackPage, type LoopbackPage } from './loopback-page';
import { readBody } from './request-body';

export interface LoopbackRequest {
  readonly method: string;
  /** The full URL as we received it, e.g. http://127.0.0.1:53121/sso/oidc/callback?code=…&state=… */
  readonly url: URL;
  /** The raw body of a POST (form-encoded), already size-capped. */
  readonly body: string;
  /** Who made the browser send this (login CSRF checks); absent headers stay absent. */
  readonly origin?: string;
  readonly referer?: string;
}

export interface LoopbackServer {
  readonly port: number;
  readonly origin: string;
  close(): Promise<void>;
  readonly closed: boolean;
}

export interface LoopbackServerOptions {
  /** Ports to try in order; 0 picks an ephemeral port (RFC 8252 §7.3). */
  readonly ports: readonly number[];
  /** The host name put in redirect URIs; both it and 127.0.0.1 are accepted as Host. */
  readonly hostName: '127.0.0.1' | 'localhost';
  readonly maxBodyBytes?: number;
  readonly handle: (request: LoopbackRequest) => Promise<LoopbackPage>;
}

const BIND = '127.0.0.1';

async function listenOn(server: Server, port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      if (err.code === 'EADDRINUSE' || err.code === 'EACCES') resolve(false);
      else reject(err);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve(true);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, BIND);
  });
}

/**
 * The loopback redirect target of RFC 8252: bound to 127.0.0.1 only, answering only requests
 * whose Host is our own loopback address (a page elsewhere cannot reach it via DNS rebinding).
 */
export async function startLoopbackServer(options: LoopbackServerOptions): Promise<LoopbackServer> {
  const limit = options.maxBodyBytes ?? 512 * 1024;
  let port = 0;
  let closed = false;
  const server = createServer((req, res) => {
    const answer = (page: LoopbackPage): void => {
      res.writeHead(page.status, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': LOOPBACK_PAGE_CSP,
        'cache-control': 'no-store',
        'referrer-policy': 'no-referrer',
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        // Once closing, the answer ends its connection too: no kept-alive socket outlives the sign-in.
        ...(closed ? { connection: 'close' } : {}),
      });
      res.end(renderLoopbackPage(page));
    };
    void (async () => {
      const host = (req.headers.host ?? '').toLowerCase();
      if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
        return answer({ status: 421, title: 'Wrong address', message: 'This request was not meant for Keyhaven.', code: 'forbidden' });
      }
      const method = req.method ?? 'GET';
      if (method !== 'GET' && method !== 'POST') {
        return answer({ status: 405, title: 'Not allowed', message: 'Keyhaven only accepts sign-in answers here.', code: 'bad_request' });
      }
      const body = method === 'POST' ? await readBody(req, limit) : '';
      if (body === null) {
        return answer({ status: 413, title: 'Too large', message: 'The sign-in answer was too large.', code: 'payload_too_large' });
      }
      const url = new URL(req.url ?? '/', `http://${host}`);
      const { origin, referer } = req.headers;
      answer(await options.handle({ method, url, body, ...(origin ? { origin } : {}), ...(referer ? { referer } : {}) }));
    })().catch(() => {
      if (!res.headersSent) answer({ status: 500, title: 'Something went wrong', message: 'Keyhaven could not finish the sign-in. Return to the app and try again.', code: 'internal' });
    });
  });
  server.keepAliveTimeout = 1_000;

  for (const candidate of options.ports) {
    if (await listenOn(server, candidate)) {
      port = (server.address() as AddressInfo).port;
      break;
    }
  }
  if (port === 0) throw new Error(`No free loopback port among ${options.ports.join(', ')}`);

  return {
    port,
    origin: `http://${options.hostName}:${port}`,
    get closed() {
      return closed;
    },
    async close() {
      if (closed) return;
      closed = true;
      // Stop accepting at once; a page being answered right now (the one that finished the
      // sign-in) still reaches the browser, then the last connections are cut.
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const force = setTimeout(() => server.closeAllConnections(), 2_000);
      force.unref();
      await done;
      clearTimeout(force);
    },
  };
}
