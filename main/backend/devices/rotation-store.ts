import { AppError } from '../../errors/app-error';
import { insertPushEvent } from '../push/push-events';
import type { Store } from '../store/store';

export interface RotationInput {
  readonly userId: string;
  readonly byDeviceId: string;
  /** The vault revision the device rotated from: any write since then refuses the rotation. */
  readonly fromRevision: number;
  /** A new wrapped record key for every stored record; the record bodies stay as they are. */
  readonly recordKeys: readonly { readonly id: string; readonly wrappedKey: string }[];
  /** The new data key wrapped for every device that holds one now. */
  readonly deviceKeys: readonly { readonly deviceId: string; readonly wrappedDataKey: string }[];
  readonly wrappedPrivateKey: string;
  /** Required when the vault has a password-wrapped copy; null when it has none. */
  readonly passwordWrappedDataKey: string | null;
  /** Required when the vault is enrolled for account recovery: the new data key sealed to the recovery key. */
  readonly recoveryWrappedDataKey?: string | undefined;
  readonly at: Date;
}

const SEPARATOR = '~';

/**
 * Replaces the vault's data key in one transaction: every record's wrapped key, every device's
 * wrapped data key, the wrapped private key and the password copy, or nothing. The revision
 * compare-and-set comes first, so a concurrent write (or a second rotation) makes this one fail
 * whole; a crash before commit leaves the old key in force everywhere.
 */
export async function rotateVaultKey(store: Store, r: RotationInput): Promise<{ revision: number; records: number }> {
  return store.transaction(async (repos, tx) => {
    const bumped = await tx
      .updateTable('vault')
      .set((eb) => ({ revision: eb('revision', '+', 1) }))
      .where('user_id', '=', r.userId)
      .where('revision', '=', r.fromRevision)
      .returning('revision')
      .executeTakeFirst();
    if (!bumped) {
      const exists = await tx.selectFrom('vault').select('user_id').where('user_id', '=', r.userId).executeTakeFirst();
      if (!exists) throw new AppError('vault_not_found', 'There is no vault yet.');
      throw new AppError('stale_revision', 'The vault changed since the rotation began; nothing was changed. Try again.');
    }
    const revision = Number(bumped.revision);

    const stored = await tx.selectFrom('vault_records').select(['id', 'envelope']).where('user_id', '=', r.userId).where('envelope', '!=', '').execute();
    const given = new Map(r.recordKeys.map((k) => [k.id, k.wrappedKey]));
    if (given.size !== r.recordKeys.length || stored.length !== given.size || stored.some((s) => !given.has(s.id))) {
      throw new AppError('conflict', 'The rotation must re-wrap the key of every stored record, once each; nothing was changed.');
    }
    const keys = await tx.selectFrom('vault_keys').select(['device_id', 'password_wrapped_data_key']).where('user_id', '=', r.userId).execute();
    const deviceKeys = new Map(r.deviceKeys.map((k) => [k.deviceId, k.wrappedDataKey]));
    if (deviceKeys.size !== r.deviceKeys.length || keys.length !== deviceKeys.size || keys.some((k) => !deviceKeys.has(k.device_id))) {
      throw new AppError('conflict', 'The rotation must wrap the new key for every device that holds one, once each; nothing was changed.');
    }
    if (keys.some((k) => k.password_wrapped_data_key !== null) !== (r.passwordWrappedDataKey !== null)) {
      throw new AppError('conflict', 'The vault’s master-password copy must be rotated with it (and only if it has one); nothing was changed.');
    }

    const recovery = await tx.selectFrom('vault_recovery').select('fingerprint').where('user_id', '=', r.userId).executeTakeFirst();
    if ((recovery !== undefined) !== (r.recoveryWrappedDataKey !== undefined)) {
      throw new AppError('conflict', 'The vault’s account-recovery copy must be rotated with it (and only if it has one); nothing was changed.');
    }

    const now = r.at.toISOString();
    for (const s of stored) {
      const body = s.envelope.slice(s.envelope.indexOf(SEPARATOR) + 1);
      if (!s.envelope.includes(SEPARATOR)) throw new AppError('conflict', `Record ${s.id} has no wrapped key to replace; nothing was changed.`);
      await tx
        .updateTable('vault_records')
        .set({ envelope: `${given.get(s.id)}${SEPARATOR}${body}`, revision, updated_at: now })
        .where('user_id', '=', r.userId)
        .where('id', '=', s.id)
        .execute();
    }
    for (const k of keys) {
      await tx
        .updateTable('vault_keys')
        .set({ wrapped_data_key: deviceKeys.get(k.device_id)!, wrapped_private_key: r.wrappedPrivateKey, password_wrapped_data_key: r.passwordWrappedDataKey })
        .where('user_id', '=', r.userId)
        .where('device_id', '=', k.device_id)
        .execute();
    }
    if (recovery !== undefined && r.recoveryWrappedDataKey !== undefined) {
      await tx.updateTable('vault_recovery').set({ wrapped_data_key: r.recoveryWrappedDataKey, updated_at: now }).where('user_id', '=', r.userId).execute();
    }
    await repos.audit.append({ type: 'vault.key_rotated', at: r.at, userId: r.userId, details: { byDeviceId: r.byDeviceId, records: String(stored.length), devices: String(keys.length) } });
    await insertPushEvent(tx, { userId: r.userId, type: 'devices.changed', payload: { rotatedBy: r.byDeviceId }, at: r.at });
    return { revision, records: stored.length };
  });
}
