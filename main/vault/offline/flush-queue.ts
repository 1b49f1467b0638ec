import { randomUUID } from 'node:crypto';
import { AppError } from '../../errors/app-error';
import type { Logger } from '../../log/logger';
import type { RemoteRecord, VaultApi } from '../api/vault-api';
import { applyRemote, decryptRecord, encryptRecord, type VaultSession } from '../vault-session';
import type { OfflineReplica } from './offline-replica';
import type { QueuedChange } from './offline-state';

export interface FlushOutcome {
  /** Queued changes the server took. */
  readonly sent: number;
  /** Records changed on the server meanwhile: theirs kept, ours added as `<id of the copy>`. */
  readonly copies: readonly { readonly of: string; readonly id: string }[];
  /** Offline deletions not applied because the record changed on the server meanwhile. */
  readonly keptDeleted: readonly string[];
}

/** The title a conflicting offline edit is kept under, beside the server's version. */
export function offlineCopyTitle(title: string): string {
  return `${title} (offline copy)`;
}

const MAX_ATTEMPTS = 5;

/**
 * Sends the offline queue as one atomic PUT with the base revisions the edits started from.
 * A stale record (changed on the server meanwhile) never loses a version:
 * - the server's version stays under its id;
 * - an offline edit of it is added as a new record, "<title> (offline copy)";
 * - an offline deletion of it is dropped (deleting would drop the server's newer version);
 * - a change the server already holds (same envelope: the PUT went through before a crash
 *   cleared the queue) is simply done.
 * The queue on disk is updated before each retry, so a crash in between loses nothing either.
 */
export async function flushQueue(remote: VaultApi, session: VaultSession, replica: OfflineReplica, logger?: Logger): Promise<FlushOutcome> {
  let queue: readonly QueuedChange[] = replica.pending();
  const sent = queue.length;
  const copies: { of: string; id: string }[] = [];
  const keptDeleted: string[] = [];
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
    if (queue.length === 0) {
      await replica.replaceQueue([]);
      return { sent, copies, keptDeleted };
    }
    const result = await remote.putRecords(queue.map((q) => ({ id: q.id, envelope: q.envelope, deleted: q.deleted, baseRevision: q.baseRevision })));
    if (result.kind === 'applied') {
      const revisions = new Map(result.records.map((r) => [r.id, r.revision]));
      const rows: RemoteRecord[] = queue.map((q) => ({ id: q.id, revision: revisions.get(q.id) ?? result.revision, envelope: q.envelope, deleted: q.deleted }));
      for (const row of rows) applyRemote(session, row);
      if (result.revision === session.revision + 1) session.revision = result.revision;
      await replica.recordRows(rows, result.revision);
      await replica.replaceQueue([]);
      if (copies.length > 0 || keptDeleted.length > 0) logger?.warn({ copies: copies.map((c) => c.id), keptDeleted }, 'offline changes met newer server versions; both kept');
      return { sent, copies, keptDeleted };
    }
    const current = new Map(result.current.map((r) => [r.id, r]));
    const next: QueuedChange[] = [];
    for (const q of queue) {
      const theirs = current.get(q.id);
      if (theirs === undefined) {
        next.push(q);
        continue;
      }
      applyRemote(session, theirs);
      if (theirs.envelope === q.envelope && theirs.deleted === q.deleted) continue;
      if (q.deleted) {
        keptDeleted.push(q.id);
        continue;
      }
      const ours = decryptRecord(session.dataKey, q.id, q.envelope);
      const copy = { ...ours, id: randomUUID(), title: offlineCopyTitle(ours.title) };
      copies.push({ of: q.id, id: copy.id });
      next.push({ id: copy.id, envelope: encryptRecord(session.dataKey, copy), deleted: false, baseRevision: null });
    }
    await replica.recordRows(result.current);
    await replica.replaceQueue(next);
    queue = next;
  }
  throw new AppError('stale_revision', 'The vault kept changing on another device while sending the changes made offline; they are kept and sent again later.');
}
