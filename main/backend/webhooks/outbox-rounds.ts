import type { Kysely } from 'kysely';
import type { Logger } from '../../log/logger';
import type { Database } from '../store/database-schema';
import { pruneDeliveredOutbox } from './webhook-outbox';

/** A delivery worker of the outbox (webhooks, syslog). */
export interface OutboxWorker {
  /** One round now (tests, shutdown); a timer runs rounds every `pollMs` while destinations exist. */
  tick(): Promise<void>;
  /** Stops claiming; what is in flight is given back untried. */
  close(): Promise<void>;
}

const PRUNE_EVERY_MS = 10 * 60_000;

/**
 * Runs `round` every `pollMs` (never two at once), then, every 10 minutes, deletes delivered
 * rows past their keeping time. `onClose` aborts what is in flight; close waits for the round.
 */
export function runOutboxRounds(o: {
  readonly what: string;
  readonly active: boolean;
  readonly pollMs: number;
  readonly db: Kysely<Database>;
  readonly now: () => Date;
  readonly logger: Logger;
  round(now: Date): Promise<void>;
  onClose(): void;
}): OutboxWorker {
  let closed = false;
  let running: Promise<void> | null = null;
  let lastPrune = 0;
  const timer = o.active ? setInterval(() => void tick(), o.pollMs) : null;
  timer?.unref?.();

  async function round(): Promise<void> {
    const now = o.now();
    await o.round(now);
    if (now.getTime() - lastPrune > PRUNE_EVERY_MS) {
      lastPrune = now.getTime();
      await pruneDeliveredOutbox(o.db, now);
    }
  }

  function tick(): Promise<void> {
    if (closed) return Promise.resolve();
    running ??= round()
      .catch((err: unknown) => o.logger.error({ err }, `${o.what} delivery round failed`))
      .finally(() => {
        running = null;
      });
    return running;
  }

  return {
    tick,
    async close() {
      if (timer !== null) clearInterval(timer);
      closed = true;
      o.onClose();
      await running;
    },
  };
}
