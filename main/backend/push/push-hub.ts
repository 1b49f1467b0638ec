import type { Kysely } from 'kysely';
import type { Logger } from '../../log/logger';
import type { Database } from '../store/database-schema';
import { deletePushEventsBefore, latestPushSeq, pushEventsAfter, type PushEvent, type SignOutReason } from './push-events';

/** One app connected to this instance (a server-sent event stream). */
export interface PushSubscriber {
  readonly userId: string;
  readonly deviceId: string | null;
  readonly tokenHash: string;
  send(event: PushEvent): void;
  /** The session is gone: tell the app why and close the stream. */
  end(reason: SignOutReason): void;
  /** This instance is shutting down: close the stream, the app reconnects elsewhere. */
  drop(): void;
}

export interface PushHub {
  /** Registers a connection; resolves with the cursor it starts from. */
  subscribe(s: PushSubscriber): Promise<{ cursor: number; unsubscribe: () => void }>;
  /** One round now (tests and shutdown); normally a timer runs it. */
  tick(): Promise<void>;
  /**
   * A change was committed through this instance and may have made events: a round runs now, or
   * again right after the one running (which may have read before the commit). Changes made
   * through other instances are read by the timer's rounds.
   */
  nudge(): void;
  connections(): number;
  close(): void;
}

const TICK_MS = 500;
const BATCH = 500;
const KEEP_EVENTS_MS = 60 * 60_000;

/**
 * The per-instance half of the push channel. Every instance reads the shared `push_events`
 * table after its cursor and delivers each row to the streams of that user connected here, so a
 * change made through any instance reaches the app whichever instance it is connected to. The
 * same round re-checks the sessions of the connected apps: a session deleted by anyone
 * (deactivation through SCIM or the admin API, device removal, expiry) ends its stream with
 * the reason, within one round.
 */
export function createPushHub(deps: { db: Kysely<Database>; now: () => Date; logger: Logger; tickMs?: number }): PushHub {
  const subscribers = new Set<PushSubscriber>();
  let cursor: number | null = null;
  let running: Promise<void> | null = null;
  let runningWhole = false;
  let again = false;
  let lastCleanup = 0;
  let closed = false;
  const timer = setInterval(() => {
    if (subscribers.size > 0) void tick();
  }, deps.tickMs ?? TICK_MS);
  timer.unref?.();

  async function deliver(): Promise<void> {
    cursor ??= await latestPushSeq(deps.db);
    for (;;) {
      const rows = await pushEventsAfter(deps.db, { after: cursor, limit: BATCH });
      for (const row of rows) {
        cursor = row.seq;
        const event: PushEvent = { seq: row.seq, type: row.type, payload: row.payload, at: row.at };
        for (const s of subscribers) if (s.userId === row.userId) s.send(event);
      }
      if (rows.length < BATCH) return;
    }
  }

  async function checkSessions(): Promise<void> {
    if (subscribers.size === 0) return;
    const hashes = [...new Set([...subscribers].map((s) => s.tokenHash))];
    const valid = new Set(
      (await deps.db.selectFrom('sessions').select('token_hash').where('token_hash', 'in', hashes).where('expires_at', '>', deps.now().toISOString()).execute()).map(
        (r) => r.token_hash,
      ),
    );
    const ended = [...subscribers].filter((s) => !valid.has(s.tokenHash));
    if (ended.length === 0) return;
    const userIds = [...new Set(ended.map((s) => s.userId))];
    const deviceIds = [...new Set(ended.flatMap((s) => (s.deviceId === null ? [] : [s.deviceId])))];
    const deactivated = new Set(
      (await deps.db.selectFrom('users').select('id').where('id', 'in', userIds).where('status', '=', 'deactivated').execute()).map((r) => r.id),
    );
    const present = new Set(
      deviceIds.length === 0 ? [] : (await deps.db.selectFrom('devices').select('id').where('id', 'in', deviceIds).execute()).map((r) => r.id),
    );
    for (const s of ended) {
      subscribers.delete(s);
      const reason: SignOutReason = deactivated.has(s.userId) ? 'user_deactivated' : s.deviceId !== null && !present.has(s.deviceId) ? 'device_removed' : 'session_expired';
      s.end(reason);
    }
  }

  async function cleanup(): Promise<void> {
    const now = deps.now().getTime();
    if (now - lastCleanup < 60_000) return;
    lastCleanup = now;
    await deletePushEventsBefore(deps.db, new Date(now - KEEP_EVENTS_MS));
  }

  /** A whole round (the timer's): events, then the sessions of the connected apps, then old events. */
  async function tick(): Promise<void> {
    while (running !== null && !runningWhole) await running;
    return run(true);
  }

  // A nudge reads only the new events: one indexed query, cheap enough to follow every change;
  // the sessions are re-checked by the timer's rounds.
  function nudge(): void {
    if (closed || subscribers.size === 0) return;
    if (running !== null) again = true;
    else void run(false);
  }

  function run(whole: boolean): Promise<void> {
    if (closed) return Promise.resolve();
    if (running !== null) return running;
    runningWhole = whole;
    running = (async () => {
      try {
        await deliver();
        if (whole) {
          await checkSessions();
          await cleanup();
        }
      } catch (err) {
        deps.logger.warn({ err }, 'push round failed; retrying on the next one');
      } finally {
        running = null;
        if (again) {
          again = false;
          void run(false);
        }
      }
    })();
    return running;
  }

  return {
    async subscribe(s) {
      cursor ??= await latestPushSeq(deps.db);
      subscribers.add(s);
      return { cursor, unsubscribe: () => subscribers.delete(s) };
    },
    tick,
    nudge,
    connections: () => subscribers.size,
    close() {
      closed = true;
      clearInterval(timer);
      for (const s of subscribers) s.drop();
      subscribers.clear();
    },
  };
}
