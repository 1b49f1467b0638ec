import { randomUUID } from 'node:crypto';
import { AppError, type ErrorBody } from '../errors/app-error';
import type { Logger } from '../log/logger';
import type { MasterPasswordRules } from '../policy/enforcement-policy';
import type { VaultApi, VaultKeys, VaultSnapshot } from './api/vault-api';
import { generateDataKey, generateDeviceKey, unwrapDataKeyForDevice, wrapDataKeyForDevice } from './crypto/data-key';
import { ALG_DEVICE_APPROVAL, unwrapApprovedDataKey, wrapDataKeyForRequest, type ApprovalBinding, type DeviceKeyPair } from './crypto/device-approval';
import { changeMasterPassword, confirmMasterPassword } from './change-master-password';
import { rotateSessionKey, rotationBinding, type KeyRotation } from './key-rotation';
import { approveWithRecoveryKey, grantRecoveryKey, makeRecoveryKey, sealDataKeyForRecovery, type RecoveryPublicKey } from './account-recovery';
import { unwrapWithPassword, wrapWithPassword } from './crypto/password-wrap';
import { generateUserKeyPair, unwrapPrivateKey, wrapPrivateKey } from './crypto/user-key-pair';
import { decodeDeviceKeyEntry, encodeDeviceKeyEntry } from './keychain/device-key-entry';
import { keychainAccount, type Keychain } from './keychain/keychain';
import { checkMasterPassword } from './passwords/master-password-rules';
import type { VaultRecord, VaultRecordInput } from './record';
import { pullChanges, pushDrafts, type Draft } from './record-sync';
import { prepareRecord } from './prepare-record';
import type { RecordPage, RecordPageRequest } from './search/record-pages';
import {
  applyRemote,
  closeSession,
  damagedRecords,
  encryptRecord,
  liveRecords,
  openSession,
  searchIndex,
  type DamagedRecord,
  type VaultSession,
} from './vault-session';

export interface VaultServiceDeps {
  readonly api: VaultApi;
  readonly keychain: Keychain;
  /** `keychainAccountPrefix(backendUrl, userId)`: one device key per backend + user. */
  readonly accountPrefix: string;
  readonly now?: () => Date;
  readonly logger?: Logger;
  /** This device's ECDH key pair (OS keychain): opens a data key rotated on another device. */
  readonly devicePair?: (deviceId: string) => Promise<DeviceKeyPair>;
  /** Sends the changes made offline (offline/flush-queue.ts); `sync` runs it before pulling. */
  readonly flushQueued?: (session: VaultSession) => Promise<unknown>;
}

export interface CreateVaultOptions {
  readonly deviceId: string;
  readonly masterPassword?: string;
  readonly rules: MasterPasswordRules;
  /** The role policy's `requireMasterPassword`. */
  readonly requireMasterPassword?: boolean;
}

export interface UnlockResult {
  readonly recordCount: number;
  /** Records whose envelope failed its integrity check; they are not shown. */
  readonly damaged: readonly DamagedRecord[];
}

export interface PasswordUnlockResult extends UnlockResult {
  /** Whether this device now holds a device key (next unlock needs no password). */
  readonly deviceEnrolled: boolean;
  readonly enrollmentProblem: ErrorBody | null;
}

export interface SaveManyOptions {
  readonly batchSize?: number;
  readonly onProgress?: (saved: number, total: number) => void;
}

export interface VaultService {
  create(options: CreateVaultOptions): Promise<void>;
  unlock(options: { deviceId: string }): Promise<UnlockResult>;
  unlockWithPassword(masterPassword: string, options?: { deviceId?: string }): Promise<PasswordUnlockResult>;
  lock(): void;
  isUnlocked(): boolean;
  list(): VaultRecord[];
  listDeleted(): VaultRecord[];
  damaged(): DamagedRecord[];
  /** null when unknown or deleted; throws `tampered` for a damaged record. */
  get(id: string): VaultRecord | null;
  save(record: VaultRecordInput): Promise<VaultRecord>;
  saveMany(records: readonly VaultRecordInput[], options?: SaveManyOptions): Promise<VaultRecord[]>;
  remove(id: string): Promise<void>;
  restore(id: string): Promise<VaultRecord>;
  search(query: string, options?: { limit?: number }): VaultRecord[];
  /** One page of the vault list: what a search and the sidebar's filter match, with its counts. */
  page(request: RecordPageRequest): RecordPage;
  /** Sends changes made offline, then pulls changes made on other devices; returns how many rows changed. */
  sync(): Promise<number>;
  /** Trusted device: the data key wrapped to a new device's request key (crypto/device-approval.ts). */
  approveDevice(requestPublicKey: string, binding: ApprovalBinding): string;
  /** New device: opens the vault with the data key an approval carried, then enrols this device. */
  unlockWithApprovedKey(dataKey: Buffer, options: { deviceId: string }): Promise<PasswordUnlockResult>;
  /**
   * A new data key: every record key re-wrapped (bodies stay), this device's copy, the other
   * devices' copies (wrapped to their public keys), the private key and the password copy, sent
   * by `post` as one atomic change; then the vault is opened again under the new key.
   */
  /** Re-wraps the data key under a new master password (records untouched): change-master-password.ts. */
  changeMasterPassword(o: { readonly current: string; readonly next: string; readonly rules: MasterPasswordRules }): Promise<void>;
  /** Re-authentication: 'confirmed' when the password opens the vault; 'none' without one (or without a vault password). */
  confirmMasterPassword(password: string | null): Promise<'confirmed' | 'none'>;
  rotateKey(options: {
    readonly otherDevices: readonly { readonly deviceId: string; readonly publicKey: string }[];
    readonly masterPassword?: string;
    /** The vault's recovery enrolment, re-sealed to the (pin-checked) recovery key in the same change. */
    readonly recovery?: { readonly userId: string; readonly key: RecoveryPublicKey };
    readonly post: (change: KeyRotation) => Promise<void>;
  }): Promise<{ records: number }>;
  /** Account recovery (account-recovery.ts): each needs the unlocked keys, which stay in this service. */
  readonly recovery: {
    sealDataKey(userId: string, key: RecoveryPublicKey): string;
    makeKey(adminUserId: string): { publicKey: string; fingerprint: string; wrappedPrivateKey: string };
    grant(o: Parameters<typeof grantRecoveryKey>[1]): string;
    approve(o: Parameters<typeof approveWithRecoveryKey>[1]): string;
  };
}

const DEFAULT_BATCH = 200;

export function createVaultService(deps: VaultServiceDeps): VaultService {
  const now = deps.now ?? (() => new Date());
  const deviceAccount = keychainAccount(deps.accountPrefix, 'device-key');
  let session: VaultSession | null = null;
  // Writes run one at a time so each computes its base revisions from the previous one's result.
  let writes: Promise<unknown> = Promise.resolve();

  function unlocked(): VaultSession {
    if (session === null) throw new AppError('vault_locked', 'The vault is locked. Unlock it first.');
    return session;
  }

  function serialized<T>(run: (s: VaultSession) => Promise<T>): Promise<T> {
    const next = writes.then(() => run(unlocked()));
    writes = next.catch(() => undefined);
    return next;
  }

  function begin(dataKey: Buffer, keys: VaultKeys, deviceId: string, snapshot: VaultSnapshot): UnlockResult {
    let privateKey: Buffer;
    try {
      privateKey = unwrapPrivateKey(dataKey, keys.wrappedPrivateKey, keys.publicKey);
    } catch (error) {
      dataKey.fill(0);
      throw error;
    }
    if (session !== null) closeSession(session);
    const fresh = openSession({ dataKey, privateKey, publicKey: keys.publicKey, deviceId, revision: snapshot.revision });
    for (const remote of snapshot.records) applyRemote(fresh, remote);
    session = fresh;
    const damaged = damagedRecords(fresh);
    if (damaged.length > 0) deps.logger?.warn({ ids: damaged.map((d) => d.id) }, 'vault records failed their integrity check');
    return { recordCount: liveRecords(fresh).length, damaged };
  }

  async function existingVault(): Promise<{ snapshot: VaultSnapshot; keys: VaultKeys }> {
    const snapshot = await deps.api.getVault();
    if (!snapshot.exists || snapshot.keys === null) throw new AppError('vault_not_found', 'There is no vault for this account yet.');
    return { snapshot, keys: snapshot.keys };
  }

  /** Gives this device its own key so the next unlock needs no password. Failure is not fatal. */
  async function enrollDevice(dataKey: Buffer, keys: VaultKeys, deviceId: string): Promise<ErrorBody | null> {
    const deviceKey = generateDeviceKey();
    try {
      const wrappedDataKey = wrapDataKeyForDevice(dataKey, deviceKey, deviceId);
      // Register first: if the keychain write then fails, the next unlock simply asks for the
      // password again and re-enrols; the reverse order could leave a keychain key that opens nothing.
      await deps.api.registerDeviceKey({ deviceId, wrappedDataKey });
      await deps.keychain.set(deviceAccount, encodeDeviceKeyEntry(deviceId, deviceKey));
      return null;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      deps.logger?.warn({ code: error.code, deviceId, hadKey: keys.wrappedDataKey !== null }, 'device enrolment failed');
      return error.toBody();
    } finally {
      deviceKey.fill(0);
    }
  }

  async function deviceKeyOpens(keys: VaultKeys, deviceId: string): Promise<boolean> {
    if (keys.wrappedDataKey === null || keys.deviceId !== deviceId) return false;
    try {
      const stored = await deps.keychain.get(deviceAccount);
      if (stored === null) return false;
      const entry = decodeDeviceKeyEntry(stored);
      if (entry.deviceId !== deviceId) return false;
      unwrapDataKeyForDevice(keys.wrappedDataKey, entry.key, deviceId).fill(0);
      entry.key.fill(0);
      return true;
    } catch (error) {
      if (error instanceof AppError) return false;
      throw error;
    }
  }

  async function rotate(s: VaultSession, options: Parameters<VaultService['rotateKey']>[0]): Promise<{ records: number }> {
    await pullChanges(deps.api, s);
    const current = await deps.api.getVault({ since: s.revision });
    if (current.keys === null || current.keys.wrappedDataKey === null) throw new AppError('device_not_enrolled', 'This device holds no key for the vault.');
    const stored = await deps.keychain.get(deviceAccount);
    if (stored === null) throw new AppError('device_not_enrolled', 'This device holds no key for the vault.');
    const entry = decodeDeviceKeyEntry(stored);
    let result: { records: number; dataKey: Buffer };
    try {
      result = await rotateSessionKey({ session: s, keys: current.keys, deviceKey: entry.key, revision: current.revision, ...options });
    } finally {
      entry.key.fill(0);
    }
    // Reopen under the new key (fresh envelopes and revisions from the server).
    const { snapshot, keys } = await existingVault();
    begin(result.dataKey, keys, s.deviceId, snapshot);
    return { records: result.records };
  }

  async function writeDrafts(s: VaultSession, drafts: readonly Draft[]): Promise<void> {
    await pushDrafts(deps.api, s, drafts, deps.logger);
  }

  return {
    async create(options) {
      if (options.masterPassword !== undefined) {
        const unmet = checkMasterPassword(options.masterPassword, options.rules);
        if (unmet.length > 0) {
          throw new AppError('weak_master_password', `The master password does not meet your organisation's rules: ${unmet.map((u) => u.message).join('; ')}.`);
        }
      } else if (options.requireMasterPassword) {
        throw new AppError('weak_master_password', 'Your organisation requires a master password for the vault.');
      }
      const before = await deps.api.getVault();
      if (before.exists) throw new AppError('vault_exists', 'This account already has a vault; unlock it instead.');

      const dataKey = generateDataKey();
      const deviceKey = generateDeviceKey();
      const pair = generateUserKeyPair();
      try {
        const request = {
          deviceId: options.deviceId,
          wrappedDataKey: wrapDataKeyForDevice(dataKey, deviceKey, options.deviceId),
          publicKey: pair.publicKey,
          wrappedPrivateKey: wrapPrivateKey(dataKey, pair),
          ...(options.masterPassword === undefined ? {} : { passwordWrappedDataKey: await wrapWithPassword(dataKey, options.masterPassword) }),
        };
        // Keychain before server: without a master password the device key is the only way in,
        // so a vault must never be created that this device cannot store the key for.
        const previous = await deps.keychain.get(deviceAccount);
        await deps.keychain.set(deviceAccount, encodeDeviceKeyEntry(options.deviceId, deviceKey));
        try {
          await deps.api.createVault(request);
        } catch (error) {
          await (previous === null ? deps.keychain.delete(deviceAccount) : deps.keychain.set(deviceAccount, previous)).catch(() => undefined);
          throw error;
        }
        if (session !== null) closeSession(session);
        session = openSession({ dataKey, privateKey: pair.privateKeyPkcs8, publicKey: pair.publicKey, deviceId: options.deviceId, revision: 0 });
      } catch (error) {
        dataKey.fill(0);
        pair.privateKeyPkcs8.fill(0);
        throw error;
      } finally {
        deviceKey.fill(0);
      }
    },

    async unlock({ deviceId }) {
      const stored = await deps.keychain.get(deviceAccount);
      if (stored === null) throw new AppError('device_not_enrolled', 'This device holds no key for the vault. Unlock with your master password if your role has one, or ask your administrator.');
      const entry = decodeDeviceKeyEntry(stored);
      try {
        if (entry.deviceId !== deviceId) throw new AppError('device_not_enrolled', 'The key in the OS keychain belongs to another device registration. Unlock with your master password if your role has one, or ask your administrator.');
        const { snapshot, keys } = await existingVault();
        if (keys.deviceId !== deviceId || keys.wrappedDataKey === null) {
          throw new AppError('device_not_enrolled', 'The server holds no vault key for this device. Unlock with your master password if your role has one, or ask your administrator.');
        }
        if (keys.wrappedDataKey.startsWith(`kh1.${ALG_DEVICE_APPROVAL}.`)) {
          // The key was rotated on another device and wrapped to this device's public key: open
          // it with the keychain's private key, then enrol again as after an approval.
          if (!deps.devicePair) throw new AppError('device_not_enrolled', 'The vault key was rotated; this device cannot read the new one.');
          const pair = await deps.devicePair(deviceId);
          const rotated = unwrapApprovedDataKey(keys.wrappedDataKey, pair, rotationBinding(keys.publicKey, deviceId));
          const result = begin(rotated, keys, deviceId, snapshot);
          await enrollDevice(unlocked().dataKey, keys, deviceId);
          return result;
        }
        const dataKey = unwrapDataKeyForDevice(keys.wrappedDataKey, entry.key, deviceId);
        return begin(dataKey, keys, deviceId, snapshot);
      } finally {
        entry.key.fill(0);
      }
    },

    async unlockWithPassword(masterPassword, options = {}) {
      const { snapshot, keys } = await existingVault();
      if (keys.passwordWrappedDataKey === null) {
        throw new AppError('device_not_enrolled', 'This vault has no master password, so only a device holding its key can open it. Open it on such a device, or ask your administrator.');
      }
      const deviceId = options.deviceId ?? keys.deviceId;
      const dataKey = await unwrapWithPassword(keys.passwordWrappedDataKey, masterPassword);
      const result = begin(dataKey, keys, deviceId, snapshot);
      const problem = (await deviceKeyOpens(keys, deviceId)) ? null : await enrollDevice(unlocked().dataKey, keys, deviceId);
      return { ...result, deviceEnrolled: problem === null, enrollmentProblem: problem };
    },

    lock() {
      if (session !== null) closeSession(session);
      session = null;
    },

    isUnlocked: () => session !== null,
    list: () => searchIndex(unlocked()).query(''),
    listDeleted() {
      const out: VaultRecord[] = [];
      for (const entry of unlocked().entries.values()) if (entry.deleted && entry.record !== null) out.push(entry.record);
      return out;
    },
    damaged: () => damagedRecords(unlocked()),

    get(id) {
      const entry = unlocked().entries.get(id);
      if (entry === undefined || entry.deleted) return null;
      if (entry.error !== null) throw entry.error;
      return entry.record;
    },

    save(input) {
      return serialized(async (s) => {
        const record = prepareRecord(input, s.entries.get(input.id ?? '')?.record ?? null, now(), randomUUID);
        await writeDrafts(s, [{ id: record.id, record, deleted: false, envelope: encryptRecord(s.dataKey, record) }]);
        return record;
      });
    },

    saveMany(inputs, options = {}) {
      const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH);
      return serialized(async (s) => {
        const records = inputs.map((input) => prepareRecord(input, s.entries.get(input.id ?? '')?.record ?? null, now(), randomUUID));
        if (new Set(records.map((r) => r.id)).size !== records.length) throw new AppError('bad_request', 'The same record id appears twice in one import.');
        for (let start = 0; start < records.length; start += batchSize) {
          const batch = records.slice(start, start + batchSize);
          await writeDrafts(s, batch.map((record) => ({ id: record.id, record, deleted: false, envelope: encryptRecord(s.dataKey, record) })));
          options.onProgress?.(Math.min(start + batchSize, records.length), records.length);
        }
        return records;
      });
    },

    remove(id) {
      return serialized(async (s) => {
        const entry = s.entries.get(id);
        if (entry === undefined || entry.deleted || entry.record === null || entry.envelope === null) {
          throw new AppError('not_found', `There is no record ${id} to delete.`);
        }
        await writeDrafts(s, [{ id, record: entry.record, deleted: true, envelope: entry.envelope }]);
      });
    },

    restore(id) {
      return serialized(async (s) => {
        const entry = s.entries.get(id);
        if (entry === undefined || !entry.deleted || entry.record === null) throw new AppError('not_found', `There is no deleted record ${id} to restore.`);
        const record = { ...entry.record, updatedAt: now().toISOString() };
        await writeDrafts(s, [{ id, record, deleted: false, envelope: encryptRecord(s.dataKey, record) }]);
        return record;
      });
    },

    search: (query, options) => searchIndex(unlocked()).query(query, options),
    page: (request) => searchIndex(unlocked()).page(request),
    sync: () =>
      serialized(async (s) => {
        await deps.flushQueued?.(s);
        return pullChanges(deps.api, s);
      }),

    approveDevice: (requestPublicKey, binding) => wrapDataKeyForRequest(unlocked().dataKey, requestPublicKey, binding),

    rotateKey: (options) => serialized((s) => rotate(s, options)),
    changeMasterPassword: (o) => serialized((s) => changeMasterPassword({ api: deps.api, session: s, ...o })),
    confirmMasterPassword: (password) => confirmMasterPassword(deps.api, unlocked(), password),

    recovery: {
      sealDataKey: (userId, key) => sealDataKeyForRecovery(unlocked(), userId, key),
      makeKey: (adminUserId) => makeRecoveryKey(unlocked(), adminUserId),
      grant: (o) => grantRecoveryKey(unlocked(), o),
      approve: (o) => approveWithRecoveryKey(unlocked(), o),
    },

    async unlockWithApprovedKey(dataKey, { deviceId }) {
      const { snapshot, keys } = await existingVault().catch((error: unknown) => {
        dataKey.fill(0);
        throw error;
      });
      const result = begin(dataKey, keys, deviceId, snapshot);
      const problem = await enrollDevice(unlocked().dataKey, keys, deviceId);
      return { ...result, deviceEnrolled: problem === null, enrollmentProblem: problem };
    },
  };
}
