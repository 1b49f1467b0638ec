import { AppError } from '../../errors/app-error';
import type { PutRecordsResult, VaultApi } from '../api/vault-api';
import type { OfflineReplica } from './offline-replica';

export interface ReplicatedVaultApiHooks {
  /** Called after every answer (true) or unreachable backend (false). */
  readonly onReachability?: (reachable: boolean) => void;
  /** Called when a change was queued instead of sent. */
  readonly onQueued?: () => void;
}

export function isUnreachable(error: unknown): boolean {
  return error instanceof AppError && error.code === 'backend_unreachable';
}

/**
 * The backend's vault API with the offline copy beside it: every answer is written to the copy;
 * when the backend cannot be reached, reads are answered from the copy and writes are queued
 * (while anything is queued, later writes queue behind it so they reach the server in order).
 * Without offline access (the replica disabled) it is the backend's API unchanged.
 */
export function createReplicatedVaultApi(remote: VaultApi, replica: OfflineReplica, hooks: ReplicatedVaultApiHooks = {}): VaultApi {
  function reached(): void {
    hooks.onReachability?.(true);
  }

  async function queued(changes: Parameters<VaultApi['putRecords']>[0]): Promise<PutRecordsResult> {
    const result = await replica.enqueue(changes);
    hooks.onQueued?.();
    return { kind: 'applied', revision: result.revision, records: result.records };
  }

  return {
    async getVault(options = {}) {
      let snapshot;
      try {
        snapshot = await remote.getVault(options);
      } catch (error) {
        if (!isUnreachable(error)) throw error;
        hooks.onReachability?.(false);
        const offline = replica.offlineSnapshot(options.since);
        if (offline === null) throw error;
        return offline;
      }
      reached();
      await replica.recordSnapshot(snapshot, options.since);
      return options.since === undefined ? replica.overlay(snapshot) : snapshot;
    },

    async createVault(request) {
      await remote.createVault(request);
      reached();
    },

    async registerDeviceKey(request) {
      await remote.registerDeviceKey(request);
      reached();
    },

    // The copy takes the new password key with the next full snapshot (unlock, rotation).
    async replacePasswordKey(change) {
      await remote.replacePasswordKey(change);
      reached();
    },

    async putRecords(changes) {
      if (replica.enabled() && replica.pending().length > 0) return queued(changes);
      let result: PutRecordsResult;
      try {
        result = await remote.putRecords(changes);
      } catch (error) {
        if (!isUnreachable(error) || !replica.enabled()) throw error;
        hooks.onReachability?.(false);
        return queued(changes);
      }
      reached();
      if (result.kind === 'applied') {
        const revisions = new Map(result.records.map((r) => [r.id, r.revision]));
        await replica.recordRows(
          changes.map((c) => ({ id: c.id, revision: revisions.get(c.id) ?? result.revision, envelope: c.envelope ?? null, deleted: c.deleted ?? false })),
          result.revision,
        );
      } else {
        await replica.recordRows(result.current);
      }
      return result;
    },
  };
}
