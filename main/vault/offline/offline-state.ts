import { z } from 'zod';
import { remoteRecordSchema, vaultKeysSchema } from '../../api/endpoints/vault';

/**
 * One change made while the backend could not be reached, waiting to be sent. The envelope is
 * sealed exactly as an online save seals it; `baseRevision` is the server revision the edit
 * started from (null: a record made offline), so the server's revision rules decide on sync.
 */
export const queuedChangeSchema = z
  .object({
    id: z.string().min(1),
    envelope: z.string().min(1),
    deleted: z.boolean(),
    baseRevision: z.number().int().nonnegative().nullable(),
  })
  .strict();
export type QueuedChange = z.infer<typeof queuedChangeSchema>;

/** The vault as the backend last sent it: the same keys, envelopes and revisions. */
export const vaultCopySchema = z
  .object({
    revision: z.number().int().nonnegative(),
    keys: vaultKeysSchema,
    records: z.array(remoteRecordSchema),
  })
  .strict();
export type VaultCopy = z.infer<typeof vaultCopySchema>;

/**
 * Everything kept on disk for offline use, sealed as one envelope (offline-store.ts). `account`
 * is what the app last heard from `/v1/me` (user, policy, device id), so a locked or restarted
 * app can show the right screens without the backend.
 */
export const offlineStateSchema = z
  .object({
    v: z.literal(1),
    lastContactAt: z.string().datetime(),
    offlineDays: z.number().int().min(1).max(365),
    account: z.unknown(),
    vault: vaultCopySchema.nullable(),
    queue: z.array(queuedChangeSchema),
  })
  .strict();
export type OfflineState = z.infer<typeof offlineStateSchema>;

const DAY_MS = 24 * 60 * 60 * 1000;

/** When the copy stops opening: `offlineDays` after the last successful contact with the backend. */
export function offlineExpiry(state: Pick<OfflineState, 'lastContactAt' | 'offlineDays'>): Date {
  return new Date(Date.parse(state.lastContactAt) + state.offlineDays * DAY_MS);
}

/**
 * Adds a change to the queue. Several offline edits of one record become one change that keeps
 * the first edit's base revision (the server version they all started from); a record made and
 * deleted offline leaves nothing to send.
 */
export function enqueue(queue: readonly QueuedChange[], change: QueuedChange): QueuedChange[] {
  const index = queue.findIndex((q) => q.id === change.id);
  if (index < 0) return change.deleted && change.baseRevision === null ? [...queue] : [...queue, change];
  const first = queue[index]!;
  const rest = queue.filter((_, i) => i !== index);
  if (first.baseRevision === null && change.deleted) return rest;
  return [...rest.slice(0, index), { ...change, baseRevision: first.baseRevision }, ...rest.slice(index)];
}

/** The copy's records with the queued changes on top, as the device shows them offline. */
export function withQueue(copy: VaultCopy, queue: readonly QueuedChange[]): VaultCopy {
  if (queue.length === 0) return copy;
  const byId = new Map(copy.records.map((r) => [r.id, r]));
  for (const q of queue) byId.set(q.id, { id: q.id, revision: q.baseRevision ?? 0, envelope: q.envelope, deleted: q.deleted });
  return { ...copy, records: [...byId.values()] };
}
