import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../errors/app-error';
import { randomKey } from '../crypto/aes-gcm';
import { openBox, sealBox, type EnvelopeContext } from '../crypto/envelope';
import { keychainAccount, type Keychain } from '../keychain/keychain';
import { nodeAtomicFileSystem, readFileIfPresent, removeWithLeftovers, writeFileAtomically, type AtomicFileSystem } from './atomic-file';
import { offlineStateSchema, type OfflineState } from './offline-state';

/** The folder of the app's data folder that holds offline copies, one file per backend + user. */
export const OFFLINE_FOLDER = 'offline';

export interface OfflineStore {
  /** The stored state; null when there is none, or when it cannot be opened (then it is wiped). */
  load(): Promise<OfflineState | null>;
  /** Replaces the stored state atomically. */
  save(state: OfflineState): Promise<void>;
  /** Deletes the copy, its queue and its key. */
  wipe(): Promise<void>;
}

export interface OfflineStoreOptions {
  readonly dataDir: string;
  readonly keychain: Keychain;
  /** `keychainAccountPrefix(backendUrl, userId)`: names the file and the sealing key. */
  readonly accountPrefix: string;
  readonly fs?: AtomicFileSystem;
  readonly onProblem?: (error: AppError) => void;
}

/** The file of one backend + user; the name is a hash, so it says nothing about either. */
export function offlineFile(dataDir: string, accountPrefix: string): string {
  const name = createHash('sha256').update(accountPrefix).digest('hex').slice(0, 32);
  return path.join(dataDir, OFFLINE_FOLDER, `${name}.vault`);
}

/**
 * The offline copy on disk: one AES-256-GCM envelope (the vault's own format, purpose
 * `offline-copy`, bound to the backend + user) under a random key kept only in the OS keychain.
 * The records inside stay in their own envelopes too, so the file alone opens nothing, and
 * deleting the key makes any copy left behind (a backup, a disk image) unreadable.
 */
export function createOfflineStore(options: OfflineStoreOptions): OfflineStore {
  const file = offlineFile(options.dataDir, options.accountPrefix);
  const keyAccount = keychainAccount(options.accountPrefix, 'offline-key');
  const context: EnvelopeContext = { purpose: 'offline-copy', subject: options.accountPrefix };

  async function existingKey(): Promise<Buffer | null> {
    const stored = await options.keychain.get(keyAccount);
    return stored === null ? null : Buffer.from(stored, 'base64');
  }

  async function wipe(): Promise<void> {
    await options.keychain.delete(keyAccount).catch(() => false);
    await removeWithLeftovers(file);
  }

  return {
    async load() {
      const sealed = await readFileIfPresent(file);
      if (sealed === null) return null;
      const key = await existingKey();
      try {
        if (key === null) throw new AppError('tampered', 'The key of the offline copy is not in the keychain any more.');
        const clear = openBox(key, sealed.trim(), context);
        try {
          return offlineStateSchema.parse(JSON.parse(clear.toString('utf8')));
        } finally {
          clear.fill(0);
        }
      } catch (error) {
        // A copy that cannot be opened is of no use offline and must not linger.
        const problem = error instanceof AppError ? error : new AppError('tampered', 'The offline copy of the vault is damaged.', { cause: error });
        options.onProblem?.(problem);
        await wipe();
        return null;
      } finally {
        key?.fill(0);
      }
    },
    async save(state) {
      let key = await existingKey();
      if (key === null) {
        key = randomKey();
        await options.keychain.set(keyAccount, key.toString('base64'));
      }
      try {
        await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
        const sealed = sealBox(key, Buffer.from(JSON.stringify(offlineStateSchema.parse(state)), 'utf8'), context);
        await writeFileAtomically(file, `${sealed}\n`, options.fs ?? nodeAtomicFileSystem);
      } finally {
        key.fill(0);
      }
    },
    wipe,
  };
}
