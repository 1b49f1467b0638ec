import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { contentSecurityPolicy } from '../platform/content-security-policy';
import type { Logger } from '../log/logger';
import type { HandlerTable } from '../../preload/contract';
import type { EventBus } from '../ipc/event-bus';
import { runHandler } from '../ipc/run-handler';
import { createLaunchCredentials, readCookie, sessionCookieName } from './launch-codes';
import { hostAllowed, originAllowed } from './request-guard';
import { readStaticFile } from '../platform/static-files';
import { readBody } from '../sso/request-body';

export interface WebTransportOptions {
  readonly table: HandlerTable;
  readonly bus: EventBus;
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
      const result = await runHandler(options.table, channel, parsed, { transport: 'web' }, log, { checkResults: options.checkResults === true });
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

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://localhost:${port}`);
    if (url.pathname !== '/events' || !hostAllowed(req.headers, port) || !originAllowed(req.headers, port) || !signedIn(req)) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => acceptSocket(ws));
  });

  const sockets = new Set<WebSocket>();
  function acceptSocket(ws: WebSocket): void {
    sockets.add(ws);
    ws.send(JSON.stringify({ ready: true }));
    ws.on('close', () => sockets.delete(ws));
  }
  const unsubscribe = options.bus.subscribe((event, payload) => {
    const message = JSON.stringify({ event, payload });
    for (const ws of sockets) ws.send(message);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, LOOPBACK, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://localhost:${port}/`;
  return {
    url,
    get launchUrl() {
      return `${url}launch?code=${credentials.issueCode()}`;
    },
    port,
    server,
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
