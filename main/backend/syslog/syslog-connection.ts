import { connect as connectTcp, isIP, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import type { SyslogConfig } from './syslog-config';

/** One stream to a collector, opened when needed and kept between rounds; a failure closes it. */
export interface SyslogConnection {
  /** Resolves once the frame was handed to the operating system; rejects with a reason an admin can read. */
  send(frame: Buffer): Promise<void>;
  close(): void;
}

// Certificate checks that fail show up under these codes (OpenSSL's, and Node's host name check).
const CERTIFICATE_CODES = /CERT|SELF_SIGNED|UNABLE_TO_|ALTNAME|HOSTNAME|ISSUER/;

function reasonOf(err: unknown, destination: SyslogConfig): string {
  const code = (err as NodeJS.ErrnoException).code ?? (err as Error).name;
  if (destination.transport === 'tls' && CERTIFICATE_CODES.test(code)) {
    return `the receiver's certificate was refused (${code}): ${(err as Error).message}`;
  }
  return `could not reach the receiver (${code})`;
}

/**
 * TLS (RFC 5425 §5.2): the receiver's certificate must chain to `ca` (or, without it, to the
 * system's CAs) and name the configured host (DNS name or IP address in subjectAltName) — Node's
 * default checks, never turned off. TLS 1.2 at least.
 */
export function createSyslogConnection(destination: SyslogConfig): SyslogConnection {
  let socket: Socket | null = null;
  const timeoutMs = destination.timeoutSeconds * 1000;

  function open(): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const { host, port } = destination;
      const s =
        destination.transport === 'tls'
          ? connectTls({ host, port, minVersion: 'TLSv1.2', ...(isIP(host) === 0 ? { servername: host } : {}), ...(destination.caPem === null ? {} : { ca: destination.caPem }) })
          : connectTcp({ host, port });
      const timer = setTimeout(() => {
        s.destroy();
        reject(new Error(`no connection within ${destination.timeoutSeconds} s`));
      }, timeoutMs);
      s.once(destination.transport === 'tls' ? 'secureConnect' : 'connect', () => {
        clearTimeout(timer);
        s.setKeepAlive(true);
        resolve(s);
      });
      // Kept for the socket's life: an error after connecting only marks it dead (the next send reconnects).
      s.on('error', (err) => {
        clearTimeout(timer);
        reject(new Error(reasonOf(err, destination)));
      });
      // A receiver that closes its end (a restart): drop the stream rather than write into it.
      s.once('end', () => s.destroy());
      s.once('close', () => {
        clearTimeout(timer);
        reject(new Error('the connection closed'));
        if (socket === s) socket = null;
      });
      // Receivers do not answer on a syslog stream; anything they send is read and dropped.
      s.on('data', () => undefined);
    });
  }

  return {
    async send(frame) {
      if (socket === null || socket.destroyed || !socket.writable) {
        socket?.destroy();
        socket = null;
        socket = await open();
      }
      const s = socket;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          s.destroy();
          reject(new Error(`the receiver took nothing within ${destination.timeoutSeconds} s`));
        }, timeoutMs);
        s.write(frame, (err) => {
          clearTimeout(timer);
          if (err) {
            s.destroy();
            reject(new Error(reasonOf(err, destination)));
          } else resolve();
        });
      });
    },
    close() {
      socket?.destroy();
      socket = null;
    },
  };
}
