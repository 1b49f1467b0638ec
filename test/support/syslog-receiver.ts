import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';

/** One RFC 5424 message, field by field, as `parseRfc5424` read it. */
export interface ParsedSyslog {
  readonly pri: number;
  readonly facility: number;
  readonly severity: number;
  readonly version: number;
  readonly timestamp: string;
  readonly hostname: string;
  readonly appName: string;
  readonly procId: string;
  readonly msgId: string;
  readonly structuredData: readonly { readonly id: string; readonly params: readonly (readonly [string, string])[] }[];
  readonly bom: boolean;
  readonly msg: string | null;
}

const PRINTUSASCII = /^[!-~]+$/;
const TIMESTAMP = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d{1,6})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

/**
 * A strict reader of RFC 5424 §6's ABNF, written apart from the sender: every header field's
 * length and alphabet, SD-NAME's excluded characters, PARAM-VALUE's escapes (an unescaped `]`
 * is refused), and MSG with its optional BOM. Throws naming the rule that failed.
 */
export function parseRfc5424(text: string): ParsedSyslog {
  let at = 0;
  const fail = (rule: string): never => {
    throw new Error(`not RFC 5424: ${rule} at offset ${at} in ${JSON.stringify(text.slice(0, 200))}`);
  };
  const headerField = (rule: string, max: number): string => {
    const end = text.indexOf(' ', at);
    if (end < 0) fail(rule);
    const value = text.slice(at, end);
    if (value !== '-' && (value.length > max || !PRINTUSASCII.test(value))) fail(rule);
    at = end + 1;
    return value;
  };
  const pri = /^<(0|[1-9]\d{0,2})>/.exec(text);
  if (pri === null || Number(pri[1]) > 191) return fail('PRI');
  at = pri[0].length;
  const version = /^[1-9]\d{0,2} /.exec(text.slice(at));
  if (version === null) return fail('VERSION');
  at += version[0].length;
  const timestamp = headerField('TIMESTAMP', 64);
  if (timestamp !== '-' && !TIMESTAMP.test(timestamp)) fail('TIMESTAMP');
  const hostname = headerField('HOSTNAME', 255);
  const appName = headerField('APP-NAME', 48);
  const procId = headerField('PROCID', 128);
  const msgId = headerField('MSGID', 32);

  const sdName = (rule: string): string => {
    const m = /^[^= \]"]{1,32}/.exec(text.slice(at));
    if (m === null || !PRINTUSASCII.test(m[0])) return fail(rule);
    at += m[0].length;
    return m[0];
  };
  const structuredData: { id: string; params: [string, string][] }[] = [];
  if (text[at] === '-') at += 1;
  else {
    while (text[at] === '[') {
      at += 1;
      const element = { id: sdName('SD-ID'), params: [] as [string, string][] };
      while (text[at] === ' ') {
        at += 1;
        const name = sdName('PARAM-NAME');
        if (text.slice(at, at + 2) !== '="') fail('SD-PARAM');
        at += 2;
        let value = '';
        for (;;) {
          const c = text[at];
          if (c === undefined) return fail('PARAM-VALUE (unterminated)');
          if (c === '"') break;
          if (c === ']') fail('PARAM-VALUE (unescaped ])');
          if (c === '\\' && (text[at + 1] === '"' || text[at + 1] === '\\' || text[at + 1] === ']')) {
            value += text[at + 1];
            at += 2;
          } else {
            value += c;
            at += 1;
          }
        }
        at += 1;
        element.params.push([name, value]);
      }
      if (text[at] !== ']') fail('SD-ELEMENT');
      at += 1;
      structuredData.push(element);
    }
    if (structuredData.length === 0) fail('STRUCTURED-DATA');
  }
  let msg: string | null = null;
  let bom = false;
  if (at < text.length) {
    if (text[at] !== ' ') fail('SP before MSG');
    msg = text.slice(at + 1);
    bom = msg.startsWith('\uFEFF');
    if (bom) msg = msg.slice(1);
  }
  const prival = Number(pri[1]);
  return { pri: prival, facility: Math.floor(prival / 8), severity: prival % 8, version: Number(version[0].trim()), timestamp, hostname, appName, procId, msgId, structuredData, bom, msg };
}

export interface SyslogReceiver {
  readonly port: number;
  /** Every message received, in arrival order, as text (octet-counted frames taken apart). */
  readonly messages: string[];
  /** Bytes that did not read as `MSG-LEN SP SYSLOG-MSG`. */
  readonly framingErrors: string[];
  /** Goes down: stops listening and drops every connection (a collector restart). */
  stop(): Promise<void>;
  /** Comes back on the same port. */
  start(): Promise<void>;
  close(): Promise<void>;
}

/** A real collector on loopback: TCP (RFC 6587) or, with a certificate, TLS (RFC 5425). */
export async function startSyslogReceiver(o: { readonly tls?: { readonly certPem: string; readonly keyPem: string } } = {}): Promise<SyslogReceiver> {
  const sockets = new Set<Socket>();
  const messages: string[] = [];
  const framingErrors: string[] = [];
  const onConnection = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        const space = buffered.indexOf(0x20);
        if (space < 0) return;
        const length = buffered.subarray(0, space).toString('ascii');
        if (!/^[1-9]\d*$/.test(length)) {
          framingErrors.push(buffered.toString('utf8'));
          buffered = Buffer.alloc(0);
          return;
        }
        const end = space + 1 + Number(length);
        if (buffered.length < end) return;
        messages.push(buffered.subarray(space + 1, end).toString('utf8'));
        buffered = buffered.subarray(end);
      }
    });
  };
  const make = (): Server => {
    if (o.tls === undefined) return createTcpServer(onConnection);
    const server = createTlsServer({ cert: o.tls.certPem, key: o.tls.keyPem }, onConnection);
    server.on('tlsClientError', () => undefined);
    return server;
  };
  let server = make();
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  await listen();
  const stop = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return {
    get port() {
      return port;
    },
    messages,
    framingErrors,
    stop,
    async start() {
      server = make();
      await listen();
    },
    close: async () => (server.listening ? stop() : undefined),
  };
}
