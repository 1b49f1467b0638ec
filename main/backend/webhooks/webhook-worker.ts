import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Logger } from '../../log/logger';
import type { Database } from '../store/database-schema';
import type { StoreDialect } from '../store/store';
import type { WebhookConfig } from './webhook-config';
import { signWebhook, SIGNATURE_HEADER } from './webhook-signature';
import { runOutboxRounds, type OutboxWorker } from './outbox-rounds';


interface Claimed {
  readonly hook_id: string;
  readonly event_id: string;
  readonly event_type: string;
  readonly body: string;
  readonly attempts: number;
  readonly created_at: string;
}

type Outcome = { readonly kind: 'delivered'; readonly status: number } | { readonly kind: 'failed'; readonly status: number | null; readonly error: string } | { readonly kind: 'aborted' };

const POLL_MS = 1000;
const BATCH = 20;
// A claim outlives the slowest attempt (timeoutSeconds ≤ 30) by far, so two instances never send
// one delivery at once; a crashed instance's claims come free when the lease runs out.
const LEASE_EXTRA_MS = 30_000;

/** Exponential backoff: initial, 2×, 4×… seconds, capped at the hook's maximum. Never gives up. */
export function backoffMs(hook: Pick<WebhookConfig, 'retry'>, attempts: number): number {
  const seconds = Math.min(hook.retry.initialSeconds * 2 ** Math.max(0, attempts - 1), hook.retry.maxSeconds);
  return seconds * 1000;
}

/**
 * Delivers the webhook outbox (`webhook_deliveries`) of the hooks this instance's tenant file
 * names. Each round, per hook, claims up to 20 due rows with a lease (PostgreSQL: `FOR UPDATE SKIP
 * LOCKED`, so instances never wait on or take each other's rows; SQLite: one atomic UPDATE),
 * sends them oldest first, and records the outcome only while it still holds the lease. A 2xx
 * marks the row delivered; anything else (status, timeout, refused connection) schedules the next
 * attempt with backoff and holds the hook back on this instance until then.
 */
export function createWebhookWorker(deps: {
  db: Kysely<Database>;
  dialect: StoreDialect;
  hooks: readonly WebhookConfig[];
  now: () => Date;
  logger: Logger;
  pollMs?: number;
}): OutboxWorker {
  const owner = randomUUID();
  const closing = new AbortController();
  const heldUntil = new Map<string, number>();

  async function claim(hook: WebhookConfig, now: Date): Promise<Claimed[]> {
    const at = now.toISOString();
    const until = new Date(now.getTime() + hook.timeoutSeconds * 1000 + LEASE_EXTRA_MS).toISOString();
    const lock = deps.dialect === 'postgres' ? sql` for update skip locked` : sql``;
    const r = await sql<Claimed>`
      update webhook_deliveries set lease_owner = ${owner}, lease_until = ${until}
      where (hook_id, event_id) in (
        select hook_id, event_id from webhook_deliveries
        where hook_id = ${hook.id} and status = 'pending' and next_attempt_at <= ${at}
          and (lease_until is null or lease_until < ${at})
        order by created_at, event_id limit ${BATCH}${lock})
      returning hook_id, event_id, event_type, body, attempts, created_at`.execute(deps.db);
    // RETURNING keeps no order: oldest first again.
    return [...r.rows].sort((a, b) => a.created_at.localeCompare(b.created_at) || a.event_id.localeCompare(b.event_id));
  }

  async function send(hook: WebhookConfig, row: Claimed): Promise<Outcome> {
    const timeout = AbortSignal.timeout(hook.timeoutSeconds * 1000);
    try {
      const res = await fetch(hook.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.any([timeout, closing.signal]),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Keyhaven-Webhooks/1',
          [SIGNATURE_HEADER]: signWebhook(hook.secret, row.body, deps.now()),
          'keyhaven-event-id': row.event_id,
          'keyhaven-event-type': row.event_type,
          'keyhaven-delivery-attempt': String(row.attempts + 1),
        },
        body: row.body,
      });
      await res.body?.cancel().catch(() => undefined);
      if (res.status >= 200 && res.status < 300) return { kind: 'delivered', status: res.status };
      return { kind: 'failed', status: res.status, error: `the receiver answered HTTP ${res.status}` };
    } catch (err) {
      if (closing.signal.aborted) return { kind: 'aborted' };
      if (timeout.aborted) return { kind: 'failed', status: null, error: `no answer within ${hook.timeoutSeconds} s` };
      const cause = (err as { cause?: { code?: string } }).cause?.code;
      return { kind: 'failed', status: null, error: `could not reach the receiver (${cause ?? (err as Error).name})` };
    }
  }

  // Every write names the lease: a row whose lease ran out and was claimed elsewhere is not ours.
  const mine = (row: Claimed) =>
    deps.db.updateTable('webhook_deliveries').where('hook_id', '=', row.hook_id).where('event_id', '=', row.event_id).where('lease_owner', '=', owner);

  async function giveBack(rows: readonly Claimed[]): Promise<void> {
    for (const row of rows) await mine(row).set({ lease_owner: null, lease_until: null }).execute();
  }

  async function record(hook: WebhookConfig, row: Claimed, outcome: Outcome): Promise<void> {
    if (outcome.kind === 'aborted') return giveBack([row]);
    const at = deps.now();
    const attempts = row.attempts + 1;
    if (outcome.kind === 'delivered') {
      await mine(row)
        .set({ status: 'delivered', attempts, last_attempt_at: at.toISOString(), last_status: outcome.status, last_error: null, delivered_at: at.toISOString(), lease_owner: null, lease_until: null })
        .execute();
      return;
    }
    const next = at.getTime() + backoffMs(hook, attempts);
    heldUntil.set(hook.id, next);
    await mine(row)
      .set({ attempts, last_attempt_at: at.toISOString(), last_status: outcome.status, last_error: outcome.error, next_attempt_at: new Date(next).toISOString(), lease_owner: null, lease_until: null })
      .execute();
    deps.logger.warn({ hook: hook.id, eventId: row.event_id, attempts, error: outcome.error }, 'webhook delivery failed; will retry');
  }

  async function deliverHook(hook: WebhookConfig, now: Date): Promise<void> {
    if ((heldUntil.get(hook.id) ?? 0) > now.getTime()) return;
    const rows = await claim(hook, now);
    for (const [i, row] of rows.entries()) {
      const outcome = await send(hook, row);
      await record(hook, row, outcome);
      if (outcome.kind !== 'delivered') {
        // The receiver is down (or we are closing): give the rest back for later, untried.
        await giveBack(rows.slice(i + 1));
        return;
      }
    }
  }

  return runOutboxRounds({
    what: 'webhook',
    active: deps.hooks.length > 0,
    pollMs: deps.pollMs ?? POLL_MS,
    db: deps.db,
    now: deps.now,
    logger: deps.logger,
    round: async (now) => {
      await Promise.all(deps.hooks.map((h) => deliverHook(h, now)));
    },
    onClose: () => closing.abort(),
  });
}
