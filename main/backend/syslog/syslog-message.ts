import type { ForwardedEvent } from '../webhooks/webhook-outbox';
import { SYSLOG_FACILITIES, type SyslogConfig } from './syslog-config';

/** RFC 5424 §6.2.1: an event with a reason code is a refusal or failure (Warning), anything else Informational. */
export const SEVERITY = { warning: 4, informational: 6 } as const;

const NILVALUE = '-';
const BOM = '\uFEFF';

/** PRINTUSASCII (%d33-126) only, at most `max` characters; NILVALUE when nothing is left (RFC 5424 §6). */
function headerField(value: string, max: number): string {
  const clean = value.replace(/[^!-~]/g, '').slice(0, max);
  return clean === '' ? NILVALUE : clean;
}

/** RFC 5424 §6.3.3: inside PARAM-VALUE, `"`, `\` and `]` are escaped with a backslash. */
export function escapeParamValue(value: string): string {
  return value.replace(/["\\\]]/g, (c) => `\\${c}`);
}

/**
 * One event as an RFC 5424 SYSLOG-MSG:
 * `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [SD-ID name="value"…] BOM{json}`.
 * PRI = facility × 8 + severity; MSGID is the event type; the structured data carries the
 * event's fields (nulls left out); MSG is the whole event as JSON in UTF-8 (with the BOM §6.4
 * asks for). The event is the audit row as stored: ids, type, reason, email, IP, details — no
 * secret is ever part of it.
 */
export function formatSyslogMessage(event: ForwardedEvent, o: { readonly destination: Pick<SyslogConfig, 'facility' | 'appName' | 'structuredDataId'>; readonly hostname: string; readonly procId: string }): string {
  const outcome = event.reason === null ? 'success' : 'failure';
  const severity = outcome === 'failure' ? SEVERITY.warning : SEVERITY.informational;
  const pri = SYSLOG_FACILITIES[o.destination.facility] * 8 + severity;
  const fields: [string, string | null][] = [
    ['id', event.id],
    ['type', event.type],
    ['outcome', outcome],
    ['userId', event.userId],
    ['connectionId', event.connectionId],
    ['reason', event.reason],
    ['email', event.email],
    ['ip', event.ip],
  ];
  const params = fields.flatMap(([name, value]) => (value === null ? [] : [` ${name}="${escapeParamValue(value)}"`])).join('');
  const header = [
    `<${pri}>1`,
    headerField(event.at, 64),
    headerField(o.hostname, 255),
    headerField(o.destination.appName, 48),
    headerField(o.procId, 128),
    headerField(event.type, 32),
  ].join(' ');
  return `${header} [${o.destination.structuredDataId}${params}] ${BOM}${JSON.stringify(event)}`;
}

/** RFC 6587 §3.4.1 / RFC 5425 §4.3 octet counting: `MSG-LEN SP SYSLOG-MSG`, the length in bytes. */
export function frameOctetCounted(message: string): Buffer {
  const bytes = Buffer.from(message, 'utf8');
  return Buffer.concat([Buffer.from(`${bytes.length} `, 'ascii'), bytes]);
}
