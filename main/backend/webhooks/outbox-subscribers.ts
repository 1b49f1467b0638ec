import type { Kysely } from 'kysely';
import type { Database } from '../store/database-schema';
import { patternsFor } from './webhook-outbox';

/**
 * Which event types some destination (webhook or syslog) subscribes to, held in memory so the
 * audit insert writes an outbox row only when one does — an event nobody forwards costs one
 * statement, not three. The truth is `webhook_subscriptions`, which every instance rewrites from
 * its tenant file at start: this instance re-reads it right after its own rewrite, and every few
 * seconds for another instance's (a destination another instance's file adds is fed from here
 * from then on).
 */
export interface OutboxSubscribers {
  wants(type: string): boolean;
  refresh(): Promise<void>;
}

export function createOutboxSubscribers(db: Kysely<Database>): OutboxSubscribers {
  let patterns: ReadonlySet<string> = new Set();
  return {
    wants: (type) => patterns.size > 0 && patternsFor(type).some((p) => patterns.has(p)),
    async refresh() {
      const rows = await db.selectFrom('webhook_subscriptions').select('event_type').distinct().execute();
      patterns = new Set(rows.map((r) => r.event_type));
    },
  };
}
