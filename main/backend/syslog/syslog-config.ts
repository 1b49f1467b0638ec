import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import type { ConfigIssue } from '../config/config-error';
import { deliverySettings, eventPattern } from '../webhooks/webhook-config';

/** RFC 5424 §6.2.1, table 1: the facility names syslog daemons use, with their codes. */
export const SYSLOG_FACILITIES = {
  kern: 0, user: 1, mail: 2, daemon: 3, auth: 4, syslog: 5, lpr: 6, news: 7, uucp: 8, cron: 9, authpriv: 10, ftp: 11, ntp: 12, audit: 13, alert: 14, clock: 15,
  local0: 16, local1: 17, local2: 18, local3: 19, local4: 20, local5: 21, local6: 22, local7: 23,
} as const;
type FacilityName = keyof typeof SYSLOG_FACILITIES;
const FACILITY_NAMES = Object.keys(SYSLOG_FACILITIES) as [FacilityName, ...FacilityName[]];

/**
 * `syslog:` in the tenant file: collectors that receive the audit events as RFC 5424 messages
 * over TCP (RFC 6587) or TLS (RFC 5425). Managed like webhooks: edit the file, restart.
 */
export interface SyslogConfig {
  readonly id: string;
  /** This destination's rows in the shared outbox (`webhook_deliveries.hook_id`); the prefix keeps them apart from webhook ids. */
  readonly key: string;
  readonly host: string;
  readonly port: number;
  readonly transport: 'tcp' | 'tls';
  /** PEM of the certificate authorities the receiver's certificate must chain to; null = the system's. */
  readonly caPem: string | null;
  readonly events: readonly string[];
  readonly appName: string;
  readonly facility: FacilityName;
  /** The SD-ID of the element carrying the event's fields (RFC 5424 §7.2.2: name@<enterprise number>). */
  readonly structuredDataId: string;
  readonly timeoutSeconds: number;
  readonly retry: { readonly initialSeconds: number; readonly maxSeconds: number };
}

export const syslogKey = (id: string): string => `syslog:${id}`;

const DNS_NAME = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const DEFAULT_PORT = { tcp: 514, tls: 6514 } as const;

export const syslogInputSchema = z
  .array(
    z
      .object({
        id: z.string().regex(/^[a-z0-9-]+$/, 'must match [a-z0-9-]+').max(64),
        host: z
          .string()
          .trim()
          .refine((h) => isIP(h) !== 0 || DNS_NAME.test(h), 'must be a host name or an IP address (no scheme, no port)'),
        // Default: 6514 for tls (RFC 5425), 514 for tcp.
        port: z.number().int().min(1).max(65535).optional(),
        transport: z.enum(['tcp', 'tls'], { message: 'must be tcp or tls' }),
        // The receiver's CA: a path (relative to this file) or inline PEM. Only with tls; default: the system's CAs.
        ca: z.string().min(1, 'must be a path or inline PEM').optional(),
        events: z.array(eventPattern).min(1, 'must list at least one event type (or *)').default(['*']),
        appName: z.string().regex(/^[!-~]{1,48}$/, 'must be 1 to 48 printable ASCII characters without spaces (RFC 5424 APP-NAME)').default('keyhaven'),
        facility: z.enum(FACILITY_NAMES, { message: `must be one of ${FACILITY_NAMES.join(', ')}` }).default('auth'),
        // 32473 is the example enterprise number of RFC 5612; an organisation with its own sets it here.
        structuredDataId: z
          .string()
          .regex(/^[A-Za-z0-9._-]{1,24}@[0-9]{1,7}$/, 'must be name@<private enterprise number> (RFC 5424 §7.2.2), e.g. keyhaven@32473')
          .default('keyhaven@32473'),
        ...deliverySettings,
      })
      .strict(),
  )
  .max(32)
  .default([]);

type SyslogInput = z.output<typeof syslogInputSchema>;

/** Reads each `ca` (file or inline), checks it holds certificates, and checks what the schema cannot. */
export async function resolveSyslog(input: SyslogInput, baseDir: string): Promise<{ syslog: SyslogConfig[]; issues: ConfigIssue[] }> {
  const issues: ConfigIssue[] = [];
  const syslog: SyslogConfig[] = [];
  const ids = new Set<string>();
  for (const [i, s] of input.entries()) {
    const at = `syslog[${i}]`;
    const before = issues.length;
    if (ids.has(s.id)) issues.push({ path: `${at}.id`, reason: `duplicate syslog id "${s.id}"` });
    ids.add(s.id);
    if (s.retry.maxSeconds < s.retry.initialSeconds) issues.push({ path: `${at}.retry.maxSeconds`, reason: 'must not be below retry.initialSeconds' });
    let caPem: string | null = null;
    if (s.ca !== undefined) {
      if (s.transport !== 'tls') issues.push({ path: `${at}.ca`, reason: 'is only used with transport: tls' });
      else {
        const ca = await readCertificates(s.ca, baseDir);
        if ('error' in ca) issues.push({ path: `${at}.ca`, reason: ca.error });
        else caPem = ca.pem;
      }
    }
    if (issues.length > before) continue;
    syslog.push({
      id: s.id,
      key: syslogKey(s.id),
      host: s.host,
      port: s.port ?? DEFAULT_PORT[s.transport],
      transport: s.transport,
      caPem,
      events: [...new Set(s.events)],
      appName: s.appName,
      facility: s.facility,
      structuredDataId: s.structuredDataId,
      timeoutSeconds: s.timeoutSeconds,
      retry: s.retry,
    });
  }
  return { syslog, issues };
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

async function readCertificates(value: string, baseDir: string): Promise<{ pem: string } | { error: string }> {
  let text = value;
  if (!value.includes('-----BEGIN')) {
    try {
      text = await readFile(path.resolve(baseDir, value), 'utf8');
    } catch (err) {
      return { error: `cannot read certificate file "${value}" (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
    }
  }
  const blocks = text.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) return { error: 'holds no PEM certificate (-----BEGIN CERTIFICATE-----)' };
  for (const [n, block] of blocks.entries()) {
    try {
      new X509Certificate(block);
    } catch {
      return { error: `certificate ${n + 1} is not a valid X.509 certificate` };
    }
  }
  return { pem: blocks.join('\n') };
}
