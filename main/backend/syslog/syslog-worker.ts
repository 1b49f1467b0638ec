import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { sql, type Kysely } from 'kysely';
import type { Logger } from '../../log/logger';
import type { Database } from '../store/database-schema';
import type { StoreDialect } from '../store/store';
import { runOutboxRounds, type OutboxWorker } from '../webhooks/outbox-rounds';
import { backoffMs } from '../webhooks/webhook-worker';
import type { SyslogConfig } from './syslog-config';
import { createSyslogConnection, type SyslogConnection } from './syslog-connection';
import { formatSyslogMessage, frameOctetCounted } from './syslog-message';
import type { ForwardedEvent } from '../webhooks/webhook-outbox';

const POLL_MS = 1000;
const BATCH = 100;
// Batches per destination per round: a backlog drains at up to 1,000 messages a second per instance.
const MAX_BATCHES = 10;
// A lease outlives a connection attempt plus the one write that may stall (each bounded by
// timeoutSeconds ≤ 30) by far; a crashed instance's lease comes free when it runs out.
const LEASE_EXTRA_MS = 30_000;

interface Pending {
  readonly event_id: string;
  readonly body: string;
  readonly attempts: number;
  readonly next_attempt_at: string;
}

/**
 * Delivers the syslog destinations' outbox rows (`webhook_deliveries`, key `syslog:<id>`) in
 * order. Per destination and round, this instance first takes the destination's lease
 * (`outbox_destinations`; PostgreSQL: `FOR UPDATE SKIP LOCKED`, so instances never wait on each
 * other; SQLite: one atomic UPDATE); only the lease holder sends, so messages go out oldest first
 * whichever instance runs. It reads the oldest pending rows and stops at the first that is not
 * yet due: a failed message holds back everything after it until its retry. Each message is
 * written on one kept-open stream and counted delivered once the operating system took it
 * (syslog has no acknowledgement); a failure records the attempt and its reason and schedules the
 * retry with the destination's backoff.
 */
export function createSyslogWorker(deps: {
  db: Kysely<Database>;
  dialect: StoreDialect;
  destinations: readonly SyslogConfig[];
  now: () => Date;
  logger: Logger;
  pollMs?: number;
}): OutboxWorker {
  const owner = randomUUID();
  const host = hostname();
  const procId = String(process.pid);
  const connections = new Map<string, SyslogConnection>(deps.destinations.map((d) => [d.key, createSyslogConnection(d)]));
  const heldUntil = new Map<string, number>();
  const registered = new Set<string>();
  let closing = false;

  async function lease(d: SyslogConfig, now: Date): Promise<boolean> {
    if (!registered.has(d.key)) {
      await deps.db.insertInto('outbox_destinations').values({ id: d.key, lease_owner: null, lease_until: null }).onConflict((oc) => oc.column('id').doNothing()).execute();
      registered.add(d.key);
    }
    const at = now.toISOString();
    const until = new Date(now.getTime() + 2 * d.timeoutSeconds * 1000 + LEASE_EXTRA_MS).toISOString();
    const lock = deps.dialect === 'postgres' ? sql` for update skip locked` : sql``;
    const r = await sql<{ id: string }>`
      update outbox_destinations set lease_owner = ${owner}, lease_until = ${until}
      where id in (
        select id from outbox_destinations
        where id = ${d.key} and (lease_owner = ${owner} or lease_until is null or lease_until < ${at})${lock})
      returning id`.execute(deps.db);
    return r.rows.length > 0;
  }

  const release = (d: SyslogConfig) => deps.db.updateTable('outbox_destinations').set({ lease_owner: null, lease_until: null }).where('id', '=', d.key).where('lease_owner', '=', owner).execute();

  // Every outcome is written only while this instance still holds the destination's lease.
  const mine = (d: SyslogConfig) =>
    deps.db
      .updateTable('webhook_deliveries')
      .where('hook_id', '=', d.key)
      .where(({ exists, selectFrom }) => exists(selectFrom('outbox_destinations').select('id').where('id', '=', d.key).where('lease_owner', '=', owner)));

  async function recordDelivered(d: SyslogConfig, rows: readonly Pending[]): Promise<void> {
    if (rows.length === 0) return;
    const at = deps.now().toISOString();
    await mine(d)
      .where(
        'event_id',
        'in',
        rows.map((r) => r.event_id),
      )
      .set((eb) => ({ status: 'delivered', attempts: eb('attempts', '+', 1), last_attempt_at: at, last_status: null, last_error: null, delivered_at: at }))
      .execute();
  }

  async function recordFailure(d: SyslogConfig, row: Pending, error: string): Promise<void> {
    const at = deps.now();
    const attempts = row.attempts + 1;
    const next = at.getTime() + backoffMs(d, attempts);
    heldUntil.set(d.key, next);
    await mine(d)
      .where('event_id', '=', row.event_id)
      .set({ attempts, last_attempt_at: at.toISOString(), last_status: null, last_error: error, next_attempt_at: new Date(next).toISOString() })
      .execute();
    deps.logger.warn({ syslog: d.id, eventId: row.event_id, attempts, error }, 'syslog delivery failed; will retry');
  }

  /** Sends rows in order until one fails; answers those sent and the failure, if any. */
  async function send(d: SyslogConfig, rows: readonly Pending[]): Promise<{ sent: Pending[]; failed: { row: Pending; error: string } | null }> {
    const connection = connections.get(d.key);
    const sent: Pending[] = [];
    for (const row of rows) {
      if (closing || connection === undefined) break;
      try {
        const event = JSON.parse(row.body) as ForwardedEvent;
        await connection.send(frameOctetCounted(formatSyslogMessage(event, { destination: d, hostname: host, procId })));
        sent.push(row);
      } catch (err) {
        // Closing aborts the write in flight: the row is given back untried.
        if (closing) break;
        return { sent, failed: { row, error: (err as Error).message } };
      }
    }
    return { sent, failed: null };
  }

  /** The oldest pending row of the destination, if it is due: an idle destination costs this one read. */
  const oldestDue = async (d: SyslogConfig, now: Date) => {
    const oldest = await deps.db.selectFrom('webhook_deliveries').select('next_attempt_at').where('hook_id', '=', d.key).where('status', '=', 'pending').orderBy('created_at').orderBy('event_id').limit(1).executeTakeFirst();
    return oldest !== undefined && oldest.next_attempt_at <= now.toISOString();
  };

  async function deliver(d: SyslogConfig, now: Date): Promise<void> {
    if ((heldUntil.get(d.key) ?? 0) > now.getTime()) return;
    if (!(await oldestDue(d, now)) || !(await lease(d, now))) return;
    try {
      for (let batch = 0; batch < MAX_BATCHES && !closing; batch += 1) {
        const rows = await deps.db
          .selectFrom('webhook_deliveries')
          .select(['event_id', 'body', 'attempts', 'next_attempt_at'])
          .where('hook_id', '=', d.key)
          .where('status', '=', 'pending')
          .orderBy('created_at')
          .orderBy('event_id')
          .limit(BATCH)
          .execute();
        // The oldest message waits for its retry; nothing after it may overtake it.
        if (rows[0] === undefined || rows[0].next_attempt_at > deps.now().toISOString()) return;
        const { sent, failed } = await send(d, rows);
        await recordDelivered(d, sent);
        if (failed !== null) {
          connections.get(d.key)?.close();
          await recordFailure(d, failed.row, failed.error);
          return;
        }
        if (rows.length < BATCH || !(await lease(d, deps.now()))) return;
      }
    } finally {
      await release(d);
    }
  }

  return runOutboxRounds({
    what: 'syslog',
    active: deps.destinations.length > 0,
    pollMs: deps.pollMs ?? POLL_MS,
    db: deps.db,
    now: deps.now,
    logger: deps.logger,
    round: async (now) => {
      await Promise.all(deps.destinations.map((d) => deliver(d, now)));
    },
    onClose: () => {
      closing = true;
      for (const c of connections.values()) c.close();
    },
  });
}
