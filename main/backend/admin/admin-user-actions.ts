import type { Kysely } from 'kysely';
import { AppError } from '../../errors/app-error';
import type { TenantConfig } from '../config/tenant-config';
import { removeDevice } from '../devices/device-store';
import type { Database } from '../store/database-schema';
import type { Store } from '../store/store';
import { inScope, type AdminPrincipal } from './admin-scope';
import { scopedUsers } from './admin-users-query';

/**
 * What an administrator may do to a person. Each action checks scope in the same SQL statement
 * that finds the user, runs in one transaction with its audit event (which names the admin),
 * and never touches vault contents: the server has none it could read.
 */
interface ActionContext {
  readonly store: Store;
  readonly config: TenantConfig;
  readonly principal: AdminPrincipal;
  readonly now: Date;
}

async function targetInScope(tx: Kysely<Database>, c: ActionContext, userId: string) {
  const user = await scopedUsers(tx, c.principal)
    .where('u.id', '=', userId)
    .select(['u.id', 'u.email', 'u.status', 'u.node', 'u.role', 'u.last_sign_in_at'])
    .executeTakeFirst();
  if (!user) throw new AppError('not_found', 'No user with this id in your administration scope.');
  return user;
}

function refuseSelf(c: ActionContext, userId: string, what: string): void {
  if (c.principal.actorUserId === userId) throw new AppError('forbidden', `You cannot ${what} your own account.`);
}

/** Deactivate: every session ends at once (as SCIM `active: false`). Reactivate: back to active, or invited if never signed in. */
export async function setUserActive(c: ActionContext, userId: string, active: boolean): Promise<void> {
  if (!active) refuseSelf(c, userId, 'deactivate');
  await c.store.transaction(async (repos, tx) => {
    const user = await targetInScope(tx, c, userId);
    const status = !active ? 'deactivated' : user.last_sign_in_at === null ? 'invited' : 'active';
    await tx.updateTable('users').set({ status, updated_at: c.now.toISOString() }).where('id', '=', user.id).execute();
    // The same revocation as SCIM `active: false`: sessions, remembered second factors, open device approvals.
    if (!active) await repos.scim.revokeAccess(user.id, c.now);
    await repos.audit.append({ type: active ? 'user.activated' : 'user.deactivated', at: c.now, userId: user.id, details: { actor: c.principal.actor } });
  });
}

/** Forget every second factor: the person enrols again at the next sign-in (their sessions end now). */
export async function resetSecondFactor(c: ActionContext, userId: string): Promise<void> {
  await c.store.transaction(async (repos, tx) => {
    const user = await targetInScope(tx, c, userId);
    await tx.deleteFrom('two_factor_totp').where('user_id', '=', user.id).execute();
    await tx.deleteFrom('two_factor_webauthn').where('user_id', '=', user.id).execute();
    await tx.deleteFrom('two_factor_backup_codes').where('user_id', '=', user.id).execute();
    await tx.deleteFrom('two_factor_remembered_devices').where('user_id', '=', user.id).execute();
    await tx.deleteFrom('onboarding_progress').where('user_id', '=', user.id).where('step', '=', 'two_factor').execute();
    await tx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
    await repos.audit.append({ type: 'two_factor.reset', at: c.now, userId: user.id, details: { actor: c.principal.actor } });
  });
}

/** Removes a device the way its owner would (devices/device-store.ts), after the scope check. */
export async function removeUserDevice(c: ActionContext, userId: string, deviceId: string): Promise<void> {
  await targetInScope(c.store.kysely, c, userId);
  await removeDevice(c.store, { userId, deviceId, byDeviceId: null, at: c.now });
  await c.store.audit.append({ type: 'admin.device_removed', at: c.now, userId, details: { actor: c.principal.actor, deviceId } });
}

/**
 * Moves a person to another node and/or role. Both must exist; the node must be in the admin's
 * scope; and a role that a group mapping sets is the IdP's to change, not ours (it would be
 * overwritten at the next sync).
 */
export async function placeUser(c: ActionContext, userId: string, to: { node?: string | undefined; role?: string | undefined }): Promise<void> {
  if (to.node !== undefined) {
    if (!c.config.nodes.some((n) => n.name === to.node)) throw new AppError('bad_request', `Unknown node "${to.node}".`);
    if (!inScope(c.principal, to.node)) throw new AppError('forbidden', `Node "${to.node}" is outside your administration scope.`);
  }
  if (to.role !== undefined && !c.config.roles.some((r) => r.name === to.role)) throw new AppError('bad_request', `Unknown role "${to.role}".`);
  await c.store.transaction(async (repos, tx) => {
    const user = await targetInScope(tx, c, userId);
    const mapping = await owningRoleMapping(tx, c.config, user.id);
    if (mapping !== null) {
      throw new AppError('forbidden', `This person's placement comes from the group mapping for "${mapping}"; change their groups at the identity provider.`);
    }
    const node = to.node ?? user.node;
    const role = to.role ?? user.role;
    await tx
      .updateTable('users')
      .set({ node, role, assigned_node: node, assigned_role: role, updated_at: c.now.toISOString() })
      .where('id', '=', user.id)
      .execute();
    await repos.audit.append({
      type: 'user.placement_changed',
      at: c.now,
      userId: user.id,
      details: { actor: c.principal.actor, from: { node: user.node, role: user.role }, to: { node, role } },
    });
  });
}

/** The group of a role mapping this user is a SCIM member of, if any. */
async function owningRoleMapping(tx: Kysely<Database>, config: TenantConfig, userId: string): Promise<string | null> {
  if (config.roleMappings.length === 0) return null;
  const groups = await tx
    .selectFrom('scim_group_members as m')
    .innerJoin('scim_groups as g', 'g.id', 'm.group_id')
    .select(['g.display_name', 'g.external_id'])
    .where('m.user_id', '=', userId)
    .execute();
  const names = new Set(groups.flatMap((g) => [g.display_name, g.external_id ?? '']).filter(Boolean).map((n) => n.toLowerCase()));
  return config.roleMappings.find((m) => names.has(m.group.toLowerCase()))?.group ?? null;
}
