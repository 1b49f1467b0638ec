import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError } from '../../errors/app-error';
import type { AdminPrincipal } from '../admin/admin-scope';
import { insertPushEvent } from '../push/push-events';
import type { Database } from '../store/database-schema';
import type { Store } from '../store/store';

/** A pending request as an administrator sees it in Approvals. */
export interface AdminApprovalRequest {
  readonly id: string;
  readonly userId: string;
  readonly email: string;
  readonly node: string;
  readonly deviceId: string;
  readonly deviceName: string;
  readonly platform: string;
  readonly ip: string;
  readonly publicKey: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  /** The person's vault holds a recovery copy of its data key (else an administrator cannot approve). */
  readonly recoveryEnrolled: boolean;
}

function pendingQuery(db: Kysely<Database>, principal: AdminPrincipal, now: Date) {
  let q = db
    .selectFrom('device_approval_requests as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .leftJoin('vault_recovery as v', 'v.user_id', 'r.user_id')
    .select([
      'r.id',
      'r.user_id',
      'u.email',
      'u.node',
      'r.device_id',
      'r.device_name',
      'r.platform',
      'r.ip',
      'r.public_key',
      'r.created_at',
      'r.expires_at',
      'v.wrapped_data_key as recovery_wrapped_data_key',
      'v.fingerprint as recovery_fingerprint',
    ])
    .where('r.status', '=', 'pending')
    .where('r.expires_at', '>', now.toISOString())
    .where('u.status', '=', 'active');
  if (principal.nodes !== null) q = q.where('u.node', 'in', principal.nodes);
  // An administrator's own requests go to their own devices, like anyone's.
  if (principal.actorUserId !== null) q = q.where('r.user_id', '!=', principal.actorUserId);
  return q;
}

type PendingRow = Awaited<ReturnType<ReturnType<typeof pendingQuery>['executeTakeFirst']>> & object;

const view = (r: PendingRow): AdminApprovalRequest => ({
  id: r.id,
  userId: r.user_id,
  email: r.email,
  node: r.node,
  deviceId: r.device_id,
  deviceName: r.device_name,
  platform: r.platform,
  ip: r.ip,
  publicKey: r.public_key,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  recoveryEnrolled: r.recovery_wrapped_data_key !== null,
});

/** Pending, unexpired requests of active people in the administrator's scope, oldest first. */
export async function pendingRequestsInScope(db: Kysely<Database>, principal: AdminPrincipal, now: Date): Promise<AdminApprovalRequest[]> {
  return (await pendingQuery(db, principal, now).orderBy('r.created_at').execute()).map(view);
}

/**
 * One pending request in scope, with the person's recovery copy of their data key (sealed to the
 * recovery key: only an administrator's device holding that key opens it). Unknown, answered,
 * expired or out-of-scope requests all read as not found.
 */
export async function pendingRequestForAdmin(
  db: Kysely<Database>,
  principal: AdminPrincipal,
  id: string,
  now: Date,
): Promise<AdminApprovalRequest & { recovery: { fingerprint: string; wrappedDataKey: string } | null }> {
  const row = await pendingQuery(db, principal, now).where('r.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('approval_request_not_found', 'No pending approval request with this id in your administration scope.');
  const recovery = row.recovery_wrapped_data_key !== null && row.recovery_fingerprint !== null ? { fingerprint: row.recovery_fingerprint, wrappedDataKey: row.recovery_wrapped_data_key } : null;
  return { ...view(row), recovery };
}

/** How long a reset vault's ciphertext is kept before it is purged. */
export const VAULT_ARCHIVE_RETENTION_DAYS = 90;

/**
 * "Reset this user's vault": for a person nobody can approve. The vault's rows move to an
 * archive (ciphertext and wrapped keys as they were, kept VAULT_ARCHIVE_RETENTION_DAYS), the
 * live vault is deleted so the person can make a new one, their pending requests end, and the
 * reset is audited. One transaction: a crash leaves either the old vault or the archive.
 */
export async function resetVault(
  store: Store,
  o: { userId: string; confirmEmail: string; principal: AdminPrincipal; at: Date },
): Promise<{ archiveId: string; records: number; purgeAfter: string }> {
  return store.transaction(async (repos, tx) => {
    let q = tx.selectFrom('users').select(['id', 'email', 'node']).where('id', '=', o.userId);
    if (o.principal.nodes !== null) q = q.where('node', 'in', o.principal.nodes);
    const user = await q.executeTakeFirst();
    if (!user) throw new AppError('not_found', 'No user with this id in your administration scope.');
    if (o.principal.actorUserId === user.id) throw new AppError('forbidden', 'You cannot reset your own vault.');
    if (o.confirmEmail.trim().toLowerCase() !== user.email.toLowerCase()) {
      throw new AppError('bad_request', 'To confirm, type the person’s e-mail address exactly; nothing was changed.', { detail: { field: 'confirmEmail' } });
    }
    const vault = await tx.selectFrom('vault').select(['revision']).where('user_id', '=', user.id).executeTakeFirst();
    if (!vault) throw new AppError('vault_not_found', 'This person has no vault to reset.');
    const keys = await tx.selectFrom('vault_keys').selectAll().where('user_id', '=', user.id).execute();
    const recovery = await tx.selectFrom('vault_recovery').selectAll().where('user_id', '=', user.id).executeTakeFirst();
    const archiveId = randomBytes(12).toString('base64url');
    const purgeAfter = new Date(o.at.getTime() + VAULT_ARCHIVE_RETENTION_DAYS * 86_400_000).toISOString();
    await tx
      .insertInto('vault_archives')
      .values({
        id: archiveId,
        user_id: user.id,
        revision: Number(vault.revision),
        keys_json: JSON.stringify({ keys, recovery: recovery ?? null }),
        reset_by: o.principal.actor,
        reset_at: o.at.toISOString(),
        purge_after: purgeAfter,
      })
      .execute();
    await tx
      .insertInto('vault_archive_records')
      .columns(['archive_id', 'id', 'revision', 'envelope', 'deleted', 'updated_at'])
      .expression((eb) =>
        eb
          .selectFrom('vault_records')
          .select((s) => [s.val(archiveId).as('archive_id'), 'id', 'revision', 'envelope', 'deleted', 'updated_at'])
          .where('user_id', '=', user.id),
      )
      .execute();
    const records = await tx.selectFrom('vault_archive_records').select((eb) => eb.fn.countAll().as('n')).where('archive_id', '=', archiveId).executeTakeFirstOrThrow();
    await tx.deleteFrom('vault_recovery').where('user_id', '=', user.id).execute();
    await tx.deleteFrom('vault_records').where('user_id', '=', user.id).execute();
    await tx.deleteFrom('vault_keys').where('user_id', '=', user.id).execute();
    await tx.deleteFrom('vault').where('user_id', '=', user.id).execute();
    await tx.deleteFrom('device_approval_requests').where('user_id', '=', user.id).where('status', '=', 'pending').execute();
    await repos.audit.append({
      type: 'vault.reset',
      at: o.at,
      userId: user.id,
      details: { actor: o.principal.actor, user: user.email, archiveId, records: String(records.n), purgeAfter },
    });
    await insertPushEvent(tx, { userId: user.id, type: 'devices.changed', payload: { vaultReset: archiveId }, at: o.at });
    return { archiveId, records: Number(records.n), purgeAfter };
  });
}

/** Deletes archives past their retention period; returns how many went. */
export async function purgeVaultArchives(db: Kysely<Database>, now: Date): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const due = (await tx.selectFrom('vault_archives').select('id').where('purge_after', '<=', now.toISOString()).execute()).map((r) => r.id);
    if (due.length === 0) return 0;
    await tx.deleteFrom('vault_archive_records').where('archive_id', 'in', due).execute();
    await tx.deleteFrom('vault_archives').where('id', 'in', due).execute();
    return due.length;
  });
}
