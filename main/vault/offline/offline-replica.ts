import { AppError } from '../../errors/app-error';
import type { RecordChange, RemoteRecord, VaultSnapshot } from '../api/vault-api';
import type { OfflineStore } from './offline-store';
import { enqueue, offlineExpiry, withQueue, type OfflineState, type QueuedChange } from './offline-state';

/**
 * The offline copy as the running app keeps it: the stored state in memory, every change written
 * through to the store (atomically, one write at a time). Used only where the role's policy
 * allows offline access: `allow` turns it on, `forbid` wipes it.
 */
export interface OfflineReplica {
  /** Reads the stored state (once); null when there is none. */
  load(): Promise<OfflineState | null>;
  /** Offline access allowed for `offlineDays`; `account` is the latest `/v1/me` answer. Counts as contact. */
  allow(account: unknown, offlineDays: number): Promise<void>;
  /** The role has no offline access (any more): the copy and its queue are wiped. */
  forbid(): Promise<void>;
  /** Started without the backend: the loaded copy is used as it is (the window keeps counting). */
  resume(): void;
  enabled(): boolean;
  /** When the copy stops opening (null: no copy). */
  expiresAt(): Date | null;
  /** The last successful contact with the backend the copy knows of (null: no copy). */
  lastContactAt(): string | null;
  expired(): boolean;
  /** The backend answered: the offline window starts again from now. */
  contact(): Promise<void>;
  /** What the backend sent: a full snapshot, or the changes since a revision. */
  recordSnapshot(snapshot: VaultSnapshot, since: number | undefined): Promise<void>;
  /** Server rows learned otherwise (a PUT's result with its revision, a conflict's current rows). */
  recordRows(rows: readonly RemoteRecord[], revision?: number): Promise<void>;
  /** The vault as it opens offline (queued changes on top); null when the copy may not open. */
  offlineSnapshot(since: number | undefined): VaultSnapshot | null;
  /** The full snapshot with queued changes on top (what the device shows while they wait). */
  overlay(snapshot: VaultSnapshot): VaultSnapshot;
  enqueue(changes: readonly RecordChange[]): Promise<{ revision: number; records: { id: string; revision: number }[] }>;
  pending(): readonly QueuedChange[];
  replaceQueue(queue: readonly QueuedChange[]): Promise<void>;
  wipe(): Promise<void>;
}

/** Contact alone is written at most this often (every pull would otherwise rewrite the file). */
const CONTACT_WRITE_MS = 60_000;

export function createOfflineReplica(deps: { store: OfflineStore; now?: () => Date }): OfflineReplica {
  const now = deps.now ?? (() => new Date());
  let state: OfflineState | null = null;
  let loaded: Promise<OfflineState | null> | null = null;
  let allowed = false;
  let writes: Promise<unknown> = Promise.resolve();

  function persist(): Promise<void> {
    const snapshot = state;
    const next = writes.then(() => (snapshot === null ? deps.store.wipe() : deps.store.save(snapshot)));
    writes = next.catch(() => undefined);
    return next;
  }

  async function ready(): Promise<void> {
    loaded ??= deps.store.load().then((s) => {
      state ??= s;
      return s;
    });
    await loaded;
  }

  function expiresAt(): Date | null {
    return state === null ? null : offlineExpiry(state);
  }

  function expired(): boolean {
    const at = expiresAt();
    return at !== null && now().getTime() >= at.getTime();
  }

  async function update(change: (s: OfflineState) => OfflineState): Promise<void> {
    if (!allowed) return;
    await ready();
    if (state === null) return;
    state = change(state);
    await persist();
  }

  /** `watermark`: every server change up to it is now in the copy (the copy is then read from it on). */
  function mergeRows(s: OfflineState, rows: readonly RemoteRecord[], watermark: number): OfflineState {
    if (s.vault === null) return s;
    const byId = new Map(s.vault.records.map((r) => [r.id, r]));
    for (const row of rows) byId.set(row.id, row);
    return { ...s, lastContactAt: now().toISOString(), vault: { ...s.vault, revision: Math.max(s.vault.revision, watermark), records: [...byId.values()] } };
  }

  const replica: OfflineReplica = {
    async load() {
      await ready();
      return state;
    },
    async allow(account, offlineDays) {
      await ready();
      allowed = true;
      const stamp = now().toISOString();
      state = state === null ? { v: 1, lastContactAt: stamp, offlineDays, account, vault: null, queue: [] } : { ...state, lastContactAt: stamp, offlineDays, account };
      await persist();
    },
    async forbid() {
      allowed = false;
      await ready();
      state = null;
      await persist();
    },
    resume() {
      allowed = state !== null;
    },
    enabled: () => allowed,
    expiresAt,
    lastContactAt: () => state?.lastContactAt ?? null,
    expired,
    async contact() {
      if (!allowed || state === null) return;
      if (now().getTime() - Date.parse(state.lastContactAt) < CONTACT_WRITE_MS) return;
      state = { ...state, lastContactAt: now().toISOString() };
      await persist();
    },
    async recordSnapshot(snapshot, since) {
      if (!snapshot.exists || snapshot.keys === null) return;
      const keys = snapshot.keys;
      await update((s) => {
        if (since === undefined) return { ...s, lastContactAt: now().toISOString(), vault: { revision: snapshot.revision, keys, records: snapshot.records } };
        // Changes only make sense on top of a full copy of the same revision line.
        if (s.vault === null) return s;
        return mergeRows({ ...s, vault: { ...s.vault, keys } }, snapshot.records, snapshot.revision);
      });
    },
    async recordRows(rows, revision) {
      // As for the session's pull watermark: a write's revision moves it only when no other
      // writer committed in between (their changes are not in the copy yet).
      await update((s) => mergeRows(s, rows, s.vault !== null && revision === s.vault.revision + 1 ? revision : 0));
    },
    offlineSnapshot(since) {
      if (!allowed || state === null || state.vault === null || expired()) return null;
      const copy = state.vault;
      if (since !== undefined) return { exists: true, revision: copy.revision, keys: copy.keys, records: [] };
      return { exists: true, ...withQueue(copy, state.queue) };
    },
    overlay(snapshot) {
      if (!allowed || state === null || state.queue.length === 0 || !snapshot.exists || snapshot.keys === null) return snapshot;
      return { ...snapshot, ...withQueue({ revision: snapshot.revision, keys: snapshot.keys, records: snapshot.records }, state.queue) };
    },
    async enqueue(changes) {
      if (!allowed) throw new AppError('backend_unreachable', 'Keyhaven cannot reach its server, and your role keeps no offline copy of the vault.');
      await ready();
      const s = state;
      if (s === null || s.vault === null) throw new AppError('backend_unreachable', 'Keyhaven cannot reach its server, and there is no offline copy of the vault on this device yet.');
      let queue = s.queue;
      for (const change of changes) {
        if (change.envelope === undefined) throw new AppError('internal', `A change to record ${change.id} has no envelope to keep offline.`);
        queue = enqueue(queue, { id: change.id, envelope: change.envelope, deleted: change.deleted ?? false, baseRevision: change.baseRevision });
      }
      state = { ...s, queue };
      await persist();
      return { revision: s.vault.revision, records: changes.map((c) => ({ id: c.id, revision: c.baseRevision ?? 0 })) };
    },
    pending: () => state?.queue ?? [],
    async replaceQueue(queue) {
      await update((s) => ({ ...s, queue: [...queue] }));
    },
    async wipe() {
      state = null;
      loaded = Promise.resolve(null);
      await persist();
    },
  };
  return replica;
}
