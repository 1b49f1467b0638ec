import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebSocket, WebSocketServer } from 'ws';
import { contentSecurityPolicy } from '../platform/content-security-policy';
import type { Logger } from '../log/logger';
import type { HandlerTable } from '../../preload/contract';
import type { EventBus } from '../ipc/event-bus';
import { createLaunchCredentials, readCookie, sessionCookieName } from './launch-codes';
import { hostAllowed, originAllowed } from './request-guard';
import { readStaticFile } from '../platform/static-files';
import { readBody } from '../sso/request-body';

export interface WebTransportOptions {
  /**
   * The handlers; while it is a pending promise the transport already listens and serves the
   * page, and calls wait for it (the web host prints its URL before composing main's services).
   */
  readonly table: HandlerTable | Promise<HandlerTable>;
  /** Where events come from; while pending, the transport already listens (as for `table`). */
  readonly bus: EventBus | Promise<EventBus>;
  readonly logger: Logger;
  /** Built renderer (index.html, assets) and the browser bridge script. */
  readonly rendererDir: string;
  readonly bridgeScript: string;
  readonly port?: number;
  readonly maxBodyBytes?: number;
  /** Check every result against its contract schema too (tests). */
  readonly checkResults?: boolean;
  /** Told of each call answered, by channel (the host starts its backend once the first screen has its answers). */
  readonly onAnswered?: (channel: string) => void;
}

export interface WebTransport {
  readonly url: string;
  /**
   * A URL to open: each read issues a new one-time launch code. Opening it sets the window's
   * cookie and voids the code, so a copy seen later (terminal scrollback, a process list) is
   * worthless.
   */
  readonly launchUrl: string;
  readonly port: number;
  readonly server: Server;
  close(): Promise<void>;
}

const LOOPBACK = '127.0.0.1';
const LAUNCH_PATH = '/launch';
const LAUNCH_REFUSED_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Link already used – Keyhaven</title></head>
<body><main><h1>This Keyhaven link was already used</h1><p>Each address Keyhaven prints opens one window. Start Keyhaven again for a new one.</p></main></body></html>`;

function send(res: ServerResponse, status: number, body: string | Buffer, type: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-resource-policy': 'same-origin',
    ...extra,
  });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8');
}

function refuse(res: ServerResponse, status: number, error: string, message: string): void {
  sendJson(res, status, { error, message });
}

/**
 * The web host's transport: the same handler table as Electron IPC, served over loopback HTTP
 * (POST /rpc/<channel>) and a WebSocket for events. Bound to 127.0.0.1 only.
 */
export async function startWebTransport(options: WebTransportOptions): Promise<WebTransport> {
  const credentials = createLaunchCredentials();
  // The contract's schemas (zod) and ws are loaded once listening, not before: the browser asks
  // for neither until its page has loaded, and the URL is printed (and Chromium started) sooner.
  let calls: Promise<typeof import('../ipc/run-handler')> | null = null;
  let events: Promise<WebSocketServer> | null = null;
  const runHandlerModule = () => (calls ??= import('../ipc/run-handler'));
  const webSocketServer = () => (events ??= import('./event-socket-server').then(({ createEventSocketServer }) => createEventSocketServer()));
  let closed = false;
  const maxBody = options.maxBodyBytes ?? 80 * 1024 * 1024;
  const log = options.logger.child({ scope: 'web-host' });
  let port = 0;

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      log.error({ err }, 'web host request failed');
      if (!res.headersSent) refuse(res, 500, 'internal', 'Something went wrong on our side.');
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAllowed(req.headers, port)) return refuse(res, 421, 'forbidden', 'Wrong Host header.');
    const url = new URL(req.url ?? '/', `http://localhost:${port}`);
    if (url.pathname === LAUNCH_PATH) return launch(url, res);
    if (url.pathname.startsWith('/rpc/')) {
      if (req.method !== 'POST') return refuse(res, 405, 'bad_request', 'Use POST.');
      if (!originAllowed(req.headers, port)) return refuse(res, 403, 'forbidden', 'Foreign Origin.');
      if (!signedIn(req)) return refuse(res, 401, 'unauthorized', 'Open Keyhaven from the address it printed.');
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        return refuse(res, 415, 'bad_request', 'Send JSON.');
      }
      const body = await readBody(req, maxBody);
      if (body === null) return refuse(res, 413, 'payload_too_large', 'Request too large.');
      let parsed: unknown;
      try {
        parsed = body.length === 0 ? {} : JSON.parse(body);
      } catch {
        return refuse(res, 400, 'bad_request', 'Body is not valid JSON.');
      }
      const channel = url.pathname.slice('/rpc/'.length);
      const { runHandler } = await runHandlerModule();
      // Awaited only when it is a promise: a table (or a test's proxy of one) may answer `then` too.
      const table = options.table instanceof Promise ? await options.table : options.table;
      const result = await runHandler(table, channel, parsed, { transport: 'web' }, log, { checkResults: options.checkResults === true });
      sendJson(res, 200, result);
      return options.onAnswered?.(channel);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'bad_request', 'Method not allowed.');
    if (url.pathname === '/bridge.js') {
      return send(res, 200, options.bridgeScript, 'text/javascript; charset=utf-8');
    }
    const file = await readStaticFile(options.rendererDir, url.pathname);
    if (!file) return refuse(res, 404, 'not_found', 'No such page.');
    const extra: Record<string, string> = {};
    let body: string | Buffer = file.body;
    if (file.type.startsWith('text/html')) {
      // The bridge must define window.keyhaven before the app's module script runs.
      body = file.body.toString('utf8').replace('<head>', '<head><script src="/bridge.js"></script>');
      extra['content-security-policy'] = contentSecurityPolicy([`ws://localhost:${port}`, `ws://127.0.0.1:${port}`]);
      extra['x-frame-options'] = 'DENY';
    }
    return send(res, 200, body, file.type, extra);
  }

  function signedIn(req: IncomingMessage): boolean {
    return credentials.validSecret(readCookie(req.headers.cookie, sessionCookieName(port)));
  }

  /** GET /launch?code=…: one exchange per code; the window's secret goes into a cookie scripts cannot read. */
  function launch(url: URL, res: ServerResponse): void {
    const secret = credentials.exchange(url.searchParams.get('code') ?? '');
    if (secret === null) {
      log.warn('a used or unknown launch code was presented');
      return send(res, 401, LAUNCH_REFUSED_PAGE, 'text/html; charset=utf-8', { 'content-security-policy': "default-src 'none'" });
    }
    res.writeHead(303, {
      location: '/',
      'set-cookie': `${sessionCookieName(port)}=${secret}; Path=/; HttpOnly; SameSite=Strict`,
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
    });
    res.end();
  }

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://localhost:${port}`);
    if (url.pathname !== '/events' || !hostAllowed(req.headers, port) || !originAllowed(req.headers, port) || !signedIn(req)) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    webSocketServer().then(
      (wss) => {
        if (closed) socket.destroy();
        else wss.handleUpgrade(req, socket, head, (ws) => acceptSocket(ws));
      },
      (err: unknown) => {
        log.error({ err }, 'web host events not available');
        socket.destroy();
      },
    );
  });

  const sockets = new Set<WebSocket>();
  function acceptSocket(ws: WebSocket): void {
    sockets.add(ws);
    ws.send(JSON.stringify({ ready: true }));
    ws.on('close', () => sockets.delete(ws));
  }
  let unsubscribe = (): void => undefined;
  void Promise.resolve(options.bus).then(
    (bus) => {
      if (closed) return;
      unsubscribe = bus.subscribe((event, payload) => {
        const message = JSON.stringify({ event, payload });
        for (const ws of sockets) ws.send(message);
      });
    },
    () => undefined, // the host that could not compose its services closes this transport
  );

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, LOOPBACK, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  // Loaded while the browser starts and asks for the page: after whatever the caller does now.
  setImmediate(() => {
    void runHandlerModule();
    void webSocketServer().catch(() => undefined); // reported at the first upgrade
  });
  const url = `http://localhost:${port}/`;
  return {
    url,
    get launchUrl() {
      return `${url}launch?code=${credentials.issueCode()}`;
    },
    port,
    server,
    async close() {
      closed = true;
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      (await events?.catch(() => null))?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
