import { AppError } from '../errors/app-error';
import type { VaultKeys } from './api/vault-api';
import { generateDataKey, unwrapDataKeyForDevice, wrapDataKeyForDevice } from './crypto/data-key';
import { wrapDataKeyForRequest, type ApprovalBinding } from './crypto/device-approval';
import { unwrapWithPassword, wrapWithPassword } from './crypto/password-wrap';
import { rewrapRecordKey } from './crypto/rotate-record-key';
import { wrapPrivateKey } from './crypto/user-key-pair';
import { sealDataKeyForRecovery, type RecoveryPublicKey } from './account-recovery';
import type { VaultSession } from './vault-session';

/** What `POST /v1/vault/rotate` takes (main/backend/devices/rotation-store.ts). */
export interface KeyRotation {
  readonly fromRevision: number;
  readonly recordKeys: readonly { readonly id: string; readonly wrappedKey: string }[];
  readonly deviceKeys: readonly { readonly deviceId: string; readonly wrappedDataKey: string }[];
  readonly wrappedPrivateKey: string;
  readonly passwordWrappedDataKey: string | null;
  /** Present when the vault is enrolled for account recovery: the new data key sealed to the recovery key. */
  readonly recoveryWrappedDataKey?: string;
}

/**
 * The associated data of a rotated key wrapped to another device: bound to the vault (its user
 * public key, which the user id stands for elsewhere) and to that device.
 */
export function rotationBinding(userPublicKey: string, deviceId: string): ApprovalBinding {
  return { requestId: 'key-rotation', userId: userPublicKey, deviceId };
}

/**
 * Builds a rotation from an unlocked session and posts it. Nothing changes on the server unless
 * `post` succeeds (one transaction there); the new data key is returned for the caller to reopen
 * the vault, and zeroed if anything fails.
 */
export async function rotateSessionKey(o: {
  session: VaultSession;
  keys: VaultKeys;
  deviceKey: Buffer;
  revision: number;
  otherDevices: readonly { readonly deviceId: string; readonly publicKey: string }[];
  masterPassword?: string;
  recovery?: { readonly userId: string; readonly key: RecoveryPublicKey };
  post: (change: KeyRotation) => Promise<void>;
}): Promise<{ records: number; dataKey: Buffer }> {
  const s = o.session;
  // The device key must open today's copy: proves the keychain entry belongs to this vault.
  unwrapDataKeyForDevice(o.keys.wrappedDataKey ?? '', o.deviceKey, s.deviceId).fill(0);
  let passwordWrappedDataKey: string | null = null;
  const newKey = generateDataKey();
  try {
    if (o.keys.passwordWrappedDataKey !== null) {
      if (o.masterPassword === undefined) throw new AppError('wrong_master_password', 'Rotating this vault’s key needs your master password (its password copy is rotated too).');
      (await unwrapWithPassword(o.keys.passwordWrappedDataKey, o.masterPassword)).fill(0);
      passwordWrappedDataKey = await wrapWithPassword(newKey, o.masterPassword);
    }
    const recordKeys: { id: string; wrappedKey: string }[] = [];
    for (const [id, entry] of s.entries) {
      if (entry.envelope !== null && entry.envelope !== '') recordKeys.push({ id, wrappedKey: rewrapRecordKey(s.dataKey, newKey, id, entry.envelope) });
    }
    const deviceKeys = [
      { deviceId: s.deviceId, wrappedDataKey: wrapDataKeyForDevice(newKey, o.deviceKey, s.deviceId) },
      ...o.otherDevices.filter((d) => d.deviceId !== s.deviceId).map((d) => ({ deviceId: d.deviceId, wrappedDataKey: wrapDataKeyForRequest(newKey, d.publicKey, rotationBinding(s.publicKey, d.deviceId)) })),
    ];
    const wrappedPrivateKey = wrapPrivateKey(newKey, { publicKey: s.publicKey, privateKeyPkcs8: s.privateKey });
    const recovery = o.recovery ? { recoveryWrappedDataKey: sealDataKeyForRecovery({ ...s, dataKey: newKey }, o.recovery.userId, o.recovery.key) } : {};
    await o.post({ fromRevision: o.revision, recordKeys, deviceKeys, wrappedPrivateKey, passwordWrappedDataKey, ...recovery });
    return { records: recordKeys.length, dataKey: newKey };
  } catch (error) {
    newKey.fill(0);
    throw error;
  }
}
