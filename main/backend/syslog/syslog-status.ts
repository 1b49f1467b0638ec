import type { Kysely } from 'kysely';
import type { Database } from '../store/database-schema';
import { outboxStatus, type OutboxStatusView } from '../webhooks/webhook-status';
import type { SyslogConfig } from './syslog-config';

export interface SyslogStatusView extends OutboxStatusView {
  readonly id: string;
  readonly host: string;
  readonly port: number;
  readonly transport: 'tcp' | 'tls';
  /** Whose CAs the receiver's certificate must chain to: the file's `ca`, or the system's (null for tcp). */
  readonly trust: 'configured' | 'system' | null;
  readonly events: readonly string[];
}

/** Delivery status per syslog collector of the tenant file: counts, last attempt and error, latest deliveries. */
export function syslogStatus(db: Kysely<Database>, destinations: readonly SyslogConfig[]): Promise<SyslogStatusView[]> {
  return outboxStatus(
    db,
    destinations,
    (d) => d.key,
    (d) => ({ id: d.id, host: d.host, port: d.port, transport: d.transport, trust: d.transport === 'tcp' ? null : d.caPem === null ? 'system' : 'configured', events: d.events }),
  );
}
