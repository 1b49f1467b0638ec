import type { Kysely } from 'kysely';
import type { Database } from '../store/database-schema';

/**
 * What travels on the push channel. Events are hints that something changed for a user
 * ("a device asks for approval", "a request was decided"): ids and names only, never a key.
 * The receiver fetches the current state over the ordinary endpoints.
 */
export const PUSH_EVENT_TYPES = ['approval.requested', 'approval.decided', 'device.removed', 'devices.changed'] as const;
export type PushEventType = (typeof PUSH_EVENT_TYPES)[number];

export interface PushEvent {
  readonly seq: number;
  readonly type: PushEventType;
  readonly payload: Readonly<Record<string, string>>;
  readonly at: string;
}

/** Why the server ends a connected app's session (sent as the `signed-out` event). */
export type SignOutReason = 'user_deactivated' | 'device_removed' | 'session_expired';

/** Stores an event for every instance to deliver; pass the transaction that makes the change. */
export async function insertPushEvent(db: Kysely<Database>, e: { userId: string; type: PushEventType; payload: Readonly<Record<string, string>>; at: Date }): Promise<void> {
  await db
    .insertInto('push_events')
    .values({ user_id: e.userId, type: e.type, payload_json: JSON.stringify(e.payload), created_at: e.at.toISOString() })
    .execute();
}

export async function latestPushSeq(db: Kysely<Database>): Promise<number> {
  const r = await db.selectFrom('push_events').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
  return Number(r?.seq ?? 0);
}

export interface StoredPushEvent extends PushEvent {
  readonly userId: string;
}

/** Events after `seq` (all users, or one), oldest first. */
export async function pushEventsAfter(db: Kysely<Database>, o: { after: number; userId?: string; limit: number }): Promise<StoredPushEvent[]> {
  let q = db.selectFrom('push_events').selectAll().where('seq', '>', o.after);
  if (o.userId !== undefined) q = q.where('user_id', '=', o.userId);
  const rows = await q.orderBy('seq').limit(o.limit).execute();
  return rows.map((r) => ({
    seq: Number(r.seq),
    userId: r.user_id,
    type: r.type as PushEventType,
    payload: JSON.parse(r.payload_json) as Record<string, string>,
    at: r.created_at,
  }));
}

export async function deletePushEventsBefore(db: Kysely<Database>, before: Date): Promise<void> {
  await db.deleteFrom('push_events').where('created_at', '<', before.toISOString()).execute();
}

/** Why a session of this user and device ended: deactivation first, then a removed device. */
export async function signOutReasonFor(db: Kysely<Database>, userId: string, deviceId: string | null): Promise<SignOutReason> {
  const user = await db.selectFrom('users').select('status').where('id', '=', userId).executeTakeFirst();
  if (user?.status === 'deactivated') return 'user_deactivated';
  if (deviceId !== null && !(await db.selectFrom('devices').select('id').where('id', '=', deviceId).executeTakeFirst())) return 'device_removed';
  return 'session_expired';
}
