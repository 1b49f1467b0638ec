import { sql, type Kysely } from 'kysely';
import type { Database } from './database-schema';

/**
 * Fixed-window hit counters in the database, so that every backend instance on it counts
 * together. A window starts with the first hit of a key and lasts `windowMs`; the hit after it
 * ends starts a new one. Each hit is ONE upsert (`INSERT … ON CONFLICT DO UPDATE … RETURNING`),
 * atomic on SQLite and PostgreSQL: of N concurrent hits each sees a different count, so a limit
 * of 5 lets exactly 5 through however the requests interleave.
 */
export interface WindowCounter {
  /** Counts one hit; answers the hits in the current window including this one. */
  hit(key: string, windowMs: number, now: Date): Promise<{ readonly hits: number; readonly windowEndsAt: Date }>;
  /** Takes back one hit (an attempt that turned out not to count). */
  release(key: string): Promise<void>;
  reset(key: string): Promise<void>;
  /** Forgets windows that ended before `before`. */
  deleteExpired(before: Date): Promise<number>;
}

export function createWindowCounter(db: Kysely<Database>): WindowCounter {
  return {
    async hit(key, windowMs, now) {
      const at = now.toISOString();
      const ends = new Date(now.getTime() + windowMs).toISOString();
      const row = await db
        .insertInto('rate_limit_counters')
        .values({ counter_key: key, hits: 1, window_ends_at: ends })
        .onConflict((oc) =>
          oc.column('counter_key').doUpdateSet({
            // Both expressions read the row as it was before this update (SQL assigns all at once).
            hits: sql<number>`case when rate_limit_counters.window_ends_at <= ${at} then 1 else rate_limit_counters.hits + 1 end`,
            window_ends_at: sql<string>`case when rate_limit_counters.window_ends_at <= ${at} then ${ends} else rate_limit_counters.window_ends_at end`,
          }),
        )
        .returning(['hits', 'window_ends_at'])
        .executeTakeFirstOrThrow();
      return { hits: Number(row.hits), windowEndsAt: new Date(row.window_ends_at) };
    },
    async release(key) {
      await db
        .updateTable('rate_limit_counters')
        .set({ hits: sql<number>`hits - 1` })
        .where('counter_key', '=', key)
        .where('hits', '>', 0)
        .execute();
    },
    async reset(key) {
      await db.deleteFrom('rate_limit_counters').where('counter_key', '=', key).execute();
    },
    async deleteExpired(before) {
      const result = await db.deleteFrom('rate_limit_counters').where('window_ends_at', '<', before.toISOString()).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
