import { AppError } from '../../main/errors/app-error';
import type { CreateVaultRequest, PutRecordsResult, RecordChange, RemoteRecord, VaultApi, VaultSnapshot } from '../../main/vault/api/vault-api';

/**
 * A stand-in for the backend's vault storage, for tests of the device side only: the real
 * endpoints belong to main/backend. It enforces the same revision rules as `VaultApi` documents
 * (atomic PUT, stale baseRevision → conflict with the current rows) so the service's merge logic
 * is exercised for real. Never wire it into a host.
 */
export interface MemoryVaultStateForTests {
  exists: boolean;
  revision: number;
  publicKey: string | null;
  wrappedPrivateKey: string | null;
  passwordWrappedDataKey: string | null;
  readonly deviceKeys: Map<string, string>;
  /** Rows as the server holds them; tests may edit envelopes to simulate tampering. */
  readonly records: Map<string, RemoteRecord>;
  /** Every PUT's change list, in order (ids and flags only matter to tests). */
  readonly putLog: RecordChange[][];
}

export interface MemoryVaultApiForTests extends VaultApi {
  readonly state: MemoryVaultStateForTests;
  /** The same storage as seen through another device's session. */
  asDevice(deviceId: string): MemoryVaultApiForTests;
}

export function createMemoryVaultApiForTests(options: { deviceId: string }): MemoryVaultApiForTests {
  const state: MemoryVaultStateForTests = {
    exists: false,
    revision: 0,
    publicKey: null,
    wrappedPrivateKey: null,
    passwordWrappedDataKey: null,
    deviceKeys: new Map(),
    records: new Map(),
    putLog: [],
  };
  return bind(state, options.deviceId);
}

function bind(state: MemoryVaultStateForTests, deviceId: string): MemoryVaultApiForTests {
  return {
    state,
    asDevice: (other) => bind(state, other),

    async getVault(opts = {}): Promise<VaultSnapshot> {
      if (!state.exists || state.publicKey === null || state.wrappedPrivateKey === null) {
        return { exists: false, revision: 0, keys: null, records: [] };
      }
      const since = opts.since ?? -1;
      return structuredClone({
        exists: true,
        revision: state.revision,
        keys: {
          deviceId,
          wrappedDataKey: state.deviceKeys.get(deviceId) ?? null,
          passwordWrappedDataKey: state.passwordWrappedDataKey,
          publicKey: state.publicKey,
          wrappedPrivateKey: state.wrappedPrivateKey,
        },
        records: [...state.records.values()].filter((r) => r.revision > since),
      });
    },

    async createVault(request: CreateVaultRequest) {
      if (state.exists) throw new AppError('vault_exists', 'This user already has a vault.');
      if (request.deviceId !== deviceId) throw new AppError('forbidden', 'The device id is not this session’s device.');
      state.exists = true;
      state.publicKey = request.publicKey;
      state.wrappedPrivateKey = request.wrappedPrivateKey;
      state.passwordWrappedDataKey = request.passwordWrappedDataKey ?? null;
      state.deviceKeys.set(request.deviceId, request.wrappedDataKey);
    },

    async registerDeviceKey(request) {
      if (!state.exists) throw new AppError('vault_not_found', 'There is no vault yet.');
      if (request.deviceId !== deviceId) throw new AppError('forbidden', 'The device id is not this session’s device.');
      state.deviceKeys.set(request.deviceId, request.wrappedDataKey);
    },

    async replacePasswordKey({ expected, next }) {
      if (!state.exists) throw new AppError('vault_not_found', 'There is no vault yet.');
      if (state.passwordWrappedDataKey === null) throw new AppError('forbidden', 'This vault has no master password to change.');
      if (state.passwordWrappedDataKey !== expected) throw new AppError('stale_revision', 'The master password was changed meanwhile.');
      state.passwordWrappedDataKey = next;
    },

    async putRecords(changes): Promise<PutRecordsResult> {
      if (!state.exists) throw new AppError('vault_not_found', 'There is no vault yet.');
      const ids = new Set(changes.map((c) => c.id));
      if (ids.size !== changes.length) throw new AppError('bad_request', 'A record appears twice in one change set.');
      for (const change of changes) {
        if (!change.deleted && change.envelope === undefined) {
          throw new AppError('bad_request', `Change for ${change.id} has neither an envelope nor deleted.`);
        }
      }
      const stale = changes.filter((c) => (state.records.get(c.id)?.revision ?? null) !== c.baseRevision);
      if (stale.length > 0) {
        return {
          kind: 'stale',
          current: structuredClone(stale.flatMap((c) => state.records.get(c.id) ?? [])),
        };
      }
      state.putLog.push(structuredClone([...changes]));
      state.revision += 1;
      for (const change of changes) {
        const previous = state.records.get(change.id);
        state.records.set(change.id, {
          id: change.id,
          revision: state.revision,
          envelope: change.envelope ?? previous?.envelope ?? null,
          deleted: change.deleted ?? false,
        });
      }
      return { kind: 'applied', revision: state.revision, records: changes.map((c) => ({ id: c.id, revision: state.revision })) };
    },
  };
}
