import type { Kysely } from 'kysely';
import { AppError } from '../../errors/app-error';
import { insertPushEvent } from '../push/push-events';
import type { Database } from '../store/database-schema';
import type { Store } from '../store/store';

export interface DeviceView {
  readonly id: string;
  readonly name: string;
  readonly platform: string;
  readonly createdAt: string;
  readonly lastSeenAt: string;
  /** The vault holds a data key wrapped for this device. */
  readonly trusted: boolean;
  readonly hasPublicKey: boolean;
  /** ECDH P-256, SPKI base64url (not a secret): key rotation wraps the new data key to it. */
  readonly publicKey: string | null;
}

export async function listDevices(db: Kysely<Database>, userId: string): Promise<DeviceView[]> {
  const [devices, keys] = await Promise.all([
    db.selectFrom('devices').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('id').execute(),
    db.selectFrom('vault_keys').select('device_id').where('user_id', '=', userId).execute(),
  ]);
  const trusted = new Set(keys.map((k) => k.device_id));
  return devices.map((d) => ({
    id: d.id,
    name: d.name,
    platform: d.platform,
    createdAt: d.created_at,
    lastSeenAt: d.last_seen_at,
    trusted: trusted.has(d.id),
    hasPublicKey: d.public_key !== null,
    publicKey: d.public_key,
  }));
}

export async function isTrustedDevice(db: Kysely<Database>, userId: string, deviceId: string | null): Promise<boolean> {
  if (deviceId === null) return false;
  const row = await db.selectFrom('vault_keys').select('device_id').where('user_id', '=', userId).where('device_id', '=', deviceId).executeTakeFirst();
  return row !== undefined;
}

/** A device of the session's user only (another user's device id is "not found"). */
export async function setDevicePublicKey(db: Kysely<Database>, userId: string, deviceId: string, publicKey: string): Promise<boolean> {
  const r = await db.updateTable('devices').set({ public_key: publicKey }).where('id', '=', deviceId).where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/**
 * Removes a device in one transaction: its wrapped data key, its sessions, its remembered second
 * factor and its approval requests go with it, the removal is audited and pushed (the hub then
 * ends the removed device's stream as `device_removed`). The last device holding a key is kept:
 * its row also carries the user's wrapped private key and the password-wrapped data key.
 */
export async function removeDevice(store: Store, o: { userId: string; deviceId: string; byDeviceId: string | null; at: Date }): Promise<{ name: string }> {
  return store.transaction(async (repos, tx) => {
    const device = await tx.selectFrom('devices').select(['id', 'name']).where('id', '=', o.deviceId).where('user_id', '=', o.userId).executeTakeFirst();
    if (!device) throw new AppError('not_found', 'No such device for this account.');
    const keys = await tx.selectFrom('vault_keys').select('device_id').where('user_id', '=', o.userId).execute();
    if (keys.length === 1 && keys[0]?.device_id === o.deviceId) {
      throw new AppError('conflict', 'This is the only device that can open the vault; approve another device before removing it.');
    }
    await tx.deleteFrom('vault_keys').where('user_id', '=', o.userId).where('device_id', '=', o.deviceId).execute();
    await tx.deleteFrom('sessions').where('user_id', '=', o.userId).where('device_id', '=', o.deviceId).execute();
    await tx.deleteFrom('two_factor_remembered_devices').where('user_id', '=', o.userId).where('device_id', '=', o.deviceId).execute();
    await tx.deleteFrom('device_approval_requests').where('user_id', '=', o.userId).where('device_id', '=', o.deviceId).execute();
    await tx.deleteFrom('devices').where('id', '=', o.deviceId).execute();
    await repos.audit.append({ type: 'device.removed', at: o.at, userId: o.userId, details: { deviceId: o.deviceId, byDeviceId: o.byDeviceId } });
    await insertPushEvent(tx, { userId: o.userId, type: 'devices.changed', payload: { deviceId: o.deviceId }, at: o.at });
    return { name: device.name };
  });
}
