import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/database-schema';
import type { WebhookConfig } from './webhook-config';

interface WebhookDeliveryView {
  readonly eventId: string;
  readonly eventType: string;
  readonly status: 'pending' | 'delivered';
  readonly attempts: number;
  readonly createdAt: string;
  readonly lastAttemptAt: string | null;
  readonly lastStatus: number | null;
  readonly lastError: string | null;
  readonly nextAttemptAt: string | null;
  readonly deliveredAt: string | null;
}

/** What the outbox says about one destination (a webhook, or a syslog collector by its key). */
export interface OutboxStatusView {
  readonly delivered: number;
  readonly pending: number;
  /** Pending rows that have failed at least once (the receiver is refusing or unreachable). */
  readonly failing: number;
  readonly oldestPendingAt: string | null;
  readonly lastDeliveredAt: string | null;
  /** The most recent attempt of any row, whatever its outcome (`status`: the HTTP status of a webhook's answer). */
  readonly lastAttempt: { readonly at: string; readonly status: number | null; readonly error: string | null } | null;
  readonly recent: readonly WebhookDeliveryView[];
}

export interface WebhookStatusView extends OutboxStatusView {
  readonly id: string;
  /** Scheme, host and path only: a query string or user info may carry a receiver's secret. */
  readonly url: string;
  readonly events: readonly string[];
}

function displayUrl(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}${u.pathname}`;
}

/**
 * Delivery status per outbox destination key: counts, the last attempt and the latest
 * deliveries. Event types and ids only — never an event's content.
 */
export async function outboxStatus<T, V>(db: Kysely<Database>, destinations: readonly T[], keyOf: (d: T) => string, describe: (d: T) => V, recentLimit = 20): Promise<(V & OutboxStatusView)[]> {
  if (destinations.length === 0) return [];
  const keys = destinations.map(keyOf);
  const counts = await db
    .selectFrom('webhook_deliveries')
    .where('hook_id', 'in', keys)
    .select([
      'hook_id',
      sql<number>`sum(case when status = 'delivered' then 1 else 0 end)`.as('delivered'),
      sql<number>`sum(case when status = 'pending' then 1 else 0 end)`.as('pending'),
      sql<number>`sum(case when status = 'pending' and attempts > 0 then 1 else 0 end)`.as('failing'),
      sql<string | null>`min(case when status = 'pending' then created_at end)`.as('oldest_pending'),
      sql<string | null>`max(delivered_at)`.as('last_delivered'),
    ])
    .groupBy('hook_id')
    .execute();
  return Promise.all(
    destinations.map(async (d) => {
      const key = keyOf(d);
      const c = counts.find((r) => r.hook_id === key);
      const [last, recent] = await Promise.all([
        db.selectFrom('webhook_deliveries').select(['last_attempt_at', 'last_status', 'last_error']).where('hook_id', '=', key).where('last_attempt_at', 'is not', null).orderBy('last_attempt_at', 'desc').limit(1).executeTakeFirst(),
        db.selectFrom('webhook_deliveries').selectAll().where('hook_id', '=', key).orderBy('created_at', 'desc').orderBy('event_id', 'desc').limit(recentLimit).execute(),
      ]);
      return {
        ...describe(d),
        delivered: Number(c?.delivered ?? 0),
        pending: Number(c?.pending ?? 0),
        failing: Number(c?.failing ?? 0),
        oldestPendingAt: c?.oldest_pending ?? null,
        lastDeliveredAt: c?.last_delivered ?? null,
        lastAttempt: last?.last_attempt_at ? { at: last.last_attempt_at, status: last.last_status, error: last.last_error } : null,
        recent: recent.map((r) => ({
          eventId: r.event_id,
          eventType: r.event_type,
          status: r.status,
          attempts: Number(r.attempts),
          createdAt: r.created_at,
          lastAttemptAt: r.last_attempt_at,
          lastStatus: r.last_status,
          lastError: r.last_error,
          nextAttemptAt: r.status === 'pending' ? r.next_attempt_at : null,
          deliveredAt: r.delivered_at,
        })),
      };
    }),
  );
}

/** Delivery status per hook of the tenant file. */
export function webhookStatus(db: Kysely<Database>, hooks: readonly WebhookConfig[]): Promise<WebhookStatusView[]> {
  return outboxStatus(
    db,
    hooks,
    (h) => h.id,
    (h) => ({ id: h.id, url: displayUrl(h.url), events: h.events }),
  );
}
