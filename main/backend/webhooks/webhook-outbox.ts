import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/database-schema';

/** What a destination gets: the audit event, as stored (a webhook's body, a syslog message's MSG). */
export interface ForwardedEvent {
  readonly id: string;
  readonly type: string;
  readonly at: string;
  readonly userId: string | null;
  readonly connectionId: string | null;
  readonly reason: string | null;
  readonly email: string | null;
  readonly ip: string | null;
  readonly details: Readonly<Record<string, unknown>> | null;
}

/** The subscription patterns that select an event type: `*`, each family (`a.*`, `a.b.*`) and the type itself. */
export function patternsFor(type: string): string[] {
  const parts = type.split('.');
  const out = ['*', type];
  for (let i = 1; i < parts.length; i += 1) out.push(`${parts.slice(0, i).join('.')}.*`);
  return out;
}

/**
 * Writes one outbox row per hook subscribed to the event, with the body it will be sent. Called
 * by the audit insert on the same connection and inside the same transaction, so the event and
 * its deliveries commit (or vanish) together: a crash can lose neither alone.
 */
export async function enqueueWebhookDeliveries(db: Kysely<Database>, event: ForwardedEvent): Promise<void> {
  const text = (v: string) => sql<string>`cast(${v} as text)`;
  await db
    .insertInto('webhook_deliveries')
    .columns(['hook_id', 'event_id', 'event_type', 'body', 'status', 'attempts', 'created_at', 'next_attempt_at'])
    .expression(
      db
        .selectFrom('webhook_subscriptions')
        .where('event_type', 'in', patternsFor(event.type))
        .select([
          'hook_id',
          text(event.id).as('event_id'),
          text(event.type).as('event_type'),
          text(JSON.stringify(event)).as('body'),
          sql<'pending'>`'pending'`.as('status'),
          sql<number>`0`.as('attempts'),
          text(event.at).as('created_at'),
          text(event.at).as('next_attempt_at'),
        ])
        .distinct(),
    )
    .execute();
}

/**
 * Mirrors the tenant file's hooks into `webhook_subscriptions` (one transaction, at start). Every
 * instance on one database runs the same file, so the rewrite is the same whoever runs it.
 */
export async function syncWebhookSubscriptions(db: Kysely<Database>, hooks: readonly { id: string; events: readonly string[] }[]): Promise<void> {
  const rows = hooks.flatMap((h) => h.events.map((e) => ({ hook_id: h.id, event_type: e })));
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('webhook_subscriptions').execute();
    if (rows.length > 0) await tx.insertInto('webhook_subscriptions').values(rows).execute();
  });
}

const KEEP_DELIVERED_MS = 7 * 24 * 3600_000;

/** Delivered rows of every destination are kept 7 days (the admin area's history), then deleted. */
export async function pruneDeliveredOutbox(db: Kysely<Database>, now: Date): Promise<void> {
  await db.deleteFrom('webhook_deliveries').where('status', '=', 'delivered').where('delivered_at', '<', new Date(now.getTime() - KEEP_DELIVERED_MS).toISOString()).execute();
}
