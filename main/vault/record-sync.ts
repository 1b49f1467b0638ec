import { AppError } from '../errors/app-error';
import type { Logger } from '../log/logger';
import type { RecordChange, VaultApi } from './api/vault-api';
import type { VaultRecord } from './record';
import { applyRemote, type VaultSession } from './vault-session';

/** One local write: the new content of a record, or its deletion / restoration. */
export interface Draft {
  readonly id: string;
  readonly record: VaultRecord;
  readonly deleted: boolean;
  /** The sealed envelope to send (sealed once; it does not depend on the base revision). */
  readonly envelope: string;
}

export interface PushOutcome {
  /** Records another device had also changed; this write replaced their version. */
  readonly overwritten: readonly string[];
}

/** After this many conflicts in a row, give up rather than loop against a busy vault. */
const MAX_ATTEMPTS = 5;

/**
 * Sends `drafts` as one atomic PUT with optimistic revisions. On `stale_revision`:
 * 1. the server's current rows for the stale records are applied locally (their new revisions
 *    become our base), and everything else that changed since our last pull is pulled;
 * 2. records we did not change keep the server's version (they were just applied);
 * 3. records both sides changed: ours is retried on the new revision, i.e. last writer wins
 *    per record, in commit order. Device clocks (`updatedAt`) are not consulted: they are
 *    not trusted, and the user's edit on screen is the newest intent we know of.
 */
export async function pushDrafts(
  api: VaultApi,
  session: VaultSession,
  drafts: readonly Draft[],
  logger?: Logger,
): Promise<PushOutcome> {
  const overwritten = new Set<string>();
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
    const changes: RecordChange[] = drafts.map((d) => ({
      id: d.id,
      envelope: d.envelope,
      deleted: d.deleted,
      baseRevision: session.entries.get(d.id)?.revision ?? null,
    }));
    const result = await api.putRecords(changes);
    if (result.kind === 'applied') {
      const revisions = new Map(result.records.map((r) => [r.id, r.revision]));
      for (const draft of drafts) {
        session.entries.set(draft.id, {
          revision: revisions.get(draft.id) ?? result.revision,
          deleted: draft.deleted,
          envelope: draft.envelope,
          record: draft.record,
          error: null,
        });
      }
      // Advance the pull watermark only when no other writer committed in between; otherwise
      // the next pull must still fetch what they wrote.
      if (result.revision === session.revision + 1) session.revision = result.revision;
      session.index = null;
      if (overwritten.size > 0) logger?.warn({ ids: [...overwritten] }, 'vault write replaced changes made on another device');
      return { overwritten: [...overwritten] };
    }
    for (const current of result.current) {
      applyRemote(session, current);
      overwritten.add(current.id);
    }
    await pullChanges(api, session);
  }
  throw new AppError('stale_revision', 'The vault kept changing on another device while saving; please try again.');
}

/** Applies every server change since the session's watermark; returns how many rows changed. */
export async function pullChanges(api: VaultApi, session: VaultSession): Promise<number> {
  const snapshot = await api.getVault({ since: session.revision });
  if (!snapshot.exists) throw new AppError('vault_not_found', 'The vault no longer exists on the server.');
  for (const remote of snapshot.records) applyRemote(session, remote);
  session.revision = Math.max(session.revision, snapshot.revision);
  return snapshot.records.length;
}
