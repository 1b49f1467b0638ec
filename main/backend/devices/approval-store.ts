import { randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { AppError } from '../../errors/app-error';
import { insertPushEvent } from '../push/push-events';
import type { Database, DeviceApprovalRequestsTable } from '../store/database-schema';
import type { Store } from '../store/store';

export const APPROVAL_REQUEST_TTL_MS = 15 * 60_000;

export type ApprovalStatus = 'pending' | 'approved' | 'denied' | 'consumed' | 'expired';
export type DenyReason = 'denied' | 'wrong_phrase';

export interface ApprovalRequestView {
  readonly id: string;
  readonly deviceId: string;
  readonly deviceName: string;
  readonly platform: string;
  readonly publicKey: string;
  readonly ip: string;
  readonly createdAt: string;
  readonly expiresAt: string;
}

type Row = Selectable<DeviceApprovalRequestsTable>;

const view = (r: Row): ApprovalRequestView => ({
  id: r.id,
  deviceId: r.device_id,
  deviceName: r.device_name,
  platform: r.platform,
  publicKey: r.public_key,
  ip: r.ip,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
});

const statusOf = (r: Row, now: Date): ApprovalStatus => (r.status === 'pending' && r.expires_at <= now.toISOString() ? 'expired' : r.status);

/**
 * The one place that reads a request for someone: unknown → 404, another user's → 403,
 * expired → 410. The codes are stable (README, error-text.ts).
 */
async function requestFor(db: Kysely<Database>, id: string, userId: string): Promise<Row> {
  const r = await db.selectFrom('device_approval_requests').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw new AppError('approval_request_not_found', 'No such approval request (it may have been replaced or removed).');
  if (r.user_id !== userId) throw new AppError('approval_wrong_user', 'This approval request belongs to another account.');
  // Deactivation normally ends every session first; this also holds if a session outlived it.
  const user = await db.selectFrom('users').select('status').where('id', '=', userId).executeTakeFirst();
  if (user?.status !== 'active') throw new AppError('user_deactivated', 'This account has been deactivated by an administrator.');
  return r;
}

function refuseUnlessPending(r: Row, now: Date): void {
  const status = statusOf(r, now);
  if (status === 'expired') throw new AppError('approval_expired', 'This approval request has expired (15 minutes); ask again from the new device.');
  if (status !== 'pending') throw new AppError('approval_already_used', `This approval request was already answered (${status}).`);
}

export async function createApprovalRequest(
  store: Store,
  o: { userId: string; deviceId: string; deviceName: string; platform: string; publicKey: string; ip: string; at: Date },
): Promise<ApprovalRequestView> {
  return store.transaction(async (repos, tx) => {
    // One live request per device: asking again replaces the previous one.
    await tx.deleteFrom('device_approval_requests').where('user_id', '=', o.userId).where('device_id', '=', o.deviceId).where('status', '=', 'pending').execute();
    const row: Row = {
      id: randomBytes(16).toString('base64url'),
      user_id: o.userId,
      device_id: o.deviceId,
      device_name: o.deviceName,
      platform: o.platform,
      public_key: o.publicKey,
      ip: o.ip,
      status: 'pending',
      created_at: o.at.toISOString(),
      expires_at: new Date(o.at.getTime() + APPROVAL_REQUEST_TTL_MS).toISOString(),
      seen_at: null,
      decided_at: null,
      decided_by_device_id: null,
      deny_reason: null,
      approval: null,
      consumed_at: null,
      decided_by_admin_user_id: null,
    };
    await tx.insertInto('device_approval_requests').values(row).execute();
    await repos.audit.append({ type: 'device.approval_requested', at: o.at, userId: o.userId, details: { requestId: row.id, deviceId: o.deviceId } });
    await insertPushEvent(tx, { userId: o.userId, type: 'approval.requested', payload: { requestId: row.id }, at: o.at });
    return view(row);
  });
}

export async function pendingApprovalRequests(db: Kysely<Database>, userId: string, now: Date): Promise<ApprovalRequestView[]> {
  const rows = await db
    .selectFrom('device_approval_requests')
    .selectAll()
    .where('user_id', '=', userId)
    .where('status', '=', 'pending')
    .where('expires_at', '>', now.toISOString())
    .orderBy('created_at')
    .execute();
  return rows.map(view);
}

export async function markApprovalRequestSeen(db: Kysely<Database>, o: { id: string; userId: string; at: Date }): Promise<void> {
  const r = await requestFor(db, o.id, o.userId);
  refuseUnlessPending(r, o.at);
  await db.updateTable('device_approval_requests').set({ seen_at: o.at.toISOString() }).where('id', '=', o.id).where('seen_at', 'is', null).execute();
}

/**
 * Approve or deny, once: the update only matches a pending, unexpired row (compare-and-set).
 * `admin` is set when an administrator answers with the recovery key (audited with both names).
 */
export async function decideApprovalRequest(
  store: Store,
  o: { id: string; userId: string; byDeviceId: string; at: Date; admin?: { userId: string; actor: string; userEmail: string } } & (
    | { decision: 'approved'; approval: string }
    | { decision: 'denied'; reason: DenyReason }
  ),
): Promise<void> {
  await store.transaction(async (repos, tx) => {
    const r = await requestFor(tx, o.id, o.userId);
    refuseUnlessPending(r, o.at);
    if (r.device_id === o.byDeviceId) throw new AppError('device_not_trusted', 'A device cannot answer its own approval request.');
    const updated = await tx
      .updateTable('device_approval_requests')
      .set({
        status: o.decision,
        decided_at: o.at.toISOString(),
        decided_by_device_id: o.byDeviceId,
        approval: o.decision === 'approved' ? o.approval : null,
        deny_reason: o.decision === 'denied' ? o.reason : null,
        decided_by_admin_user_id: o.admin?.userId ?? null,
      })
      .where('id', '=', o.id)
      .where('status', '=', 'pending')
      .where('expires_at', '>', o.at.toISOString())
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new AppError('approval_already_used', 'This approval request was answered meanwhile.');
    const byAdmin = o.admin ? { actor: o.admin.actor, user: o.admin.userEmail } : {};
    await repos.audit.append({
      type: `${o.decision === 'approved' ? 'device.approved' : 'device.approval_denied'}${o.admin ? '_by_admin' : ''}`,
      at: o.at,
      userId: o.userId,
      ...(o.decision === 'denied' ? { reason: o.reason } : {}),
      details: { requestId: o.id, deviceId: r.device_id, byDeviceId: o.byDeviceId, ...byAdmin },
    });
    await insertPushEvent(tx, { userId: o.userId, type: 'approval.decided', payload: { requestId: o.id, status: o.decision }, at: o.at });
  });
}

export type RequestOutcome =
  | { readonly status: 'pending'; readonly seen: boolean; readonly expiresAt: string }
  | { readonly status: 'approved'; readonly approval: string; readonly approverDeviceId: string }
  | { readonly status: 'denied'; readonly reason: DenyReason }
  | { readonly status: 'expired' };

/**
 * The requesting device reads its request. An approval is handed out once: the same
 * transaction marks it consumed and drops the wrapped key from the row.
 */
export async function readOwnApprovalRequest(db: Kysely<Database>, o: { id: string; userId: string; deviceId: string | null; at: Date }): Promise<RequestOutcome> {
  return db.transaction().execute(async (tx) => {
    const r = await requestFor(tx, o.id, o.userId);
    if (r.device_id !== o.deviceId) throw new AppError('approval_wrong_user', 'This approval request belongs to another device.');
    const status = statusOf(r, o.at);
    switch (status) {
      case 'pending':
        return { status, seen: r.seen_at !== null, expiresAt: r.expires_at };
      case 'expired':
        return { status };
      case 'denied':
        return { status, reason: r.deny_reason === 'wrong_phrase' ? 'wrong_phrase' : 'denied' };
      case 'consumed':
        throw new AppError('approval_already_used', 'This approval was already used; ask again from this device.');
      case 'approved': {
        const consumed = await tx
          .updateTable('device_approval_requests')
          .set({ status: 'consumed', consumed_at: o.at.toISOString(), approval: null })
          .where('id', '=', o.id)
          .where('status', '=', 'approved')
          .executeTakeFirst();
        if (Number(consumed.numUpdatedRows) !== 1 || r.approval === null || r.decided_by_device_id === null) {
          throw new AppError('approval_already_used', 'This approval was already used; ask again from this device.');
        }
        return { status, approval: r.approval, approverDeviceId: r.decided_by_device_id };
      }
    }
  });
}
