import type { OfflineState } from '../../main/vault/offline/offline-state';

/** A complete offline state whose every record says which save (`generation`) wrote it. */
export function stateForCrashTest(generation: number, records: number): OfflineState {
  return {
    v: 1,
    lastContactAt: new Date(Date.UTC(2026, 0, 1, 0, 0, generation % 60)).toISOString(),
    offlineDays: 7,
    account: { generation },
    vault: {
      revision: generation,
      keys: { deviceId: 'device-A', wrappedDataKey: 'kh1.a256gcm.wrapped', passwordWrappedDataKey: null, publicKey: 'public-key', wrappedPrivateKey: 'kh1.a256gcm.private' },
      records: Array.from({ length: records }, (_, i) => ({ id: `r${i}`, revision: generation, envelope: `kh1.a256gcm.${generation}.${'x'.repeat(200)}`, deleted: false })),
    },
    queue: [],
  };
}
