import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError } from '../../errors/app-error';
import { DEFAULT_POLICY } from '../../policy/enforcement-policy';
import { nodesUnder, type AdminPrincipal } from '../admin/admin-scope';
import { findRole, type TenantConfig } from '../config/tenant-config';
import type { Database } from '../store/database-schema';
import type { Store } from '../store/store';

/**
 * The backend's side of account recovery. It stores the recovery public key, each
 * administrator's sealed copy of the recovery private key and each vault's sealed copy of its
 * data key; it can open none of them (the private keys that would are on devices only).
 */
export interface RecoveryKeyView {
  readonly publicKey: string;
  readonly fingerprint: string;
  /** The tenant config's pin (`recoveryKey.fingerprint`), null when not pinned yet. */
  readonly pinned: string | null;
  readonly createdAt: string;
}

const ORG = 'org';

/** SHA-256 of the SPKI DER, hex: the same as main/vault/crypto/recovery-key.ts computes. */
export function fingerprintOf(publicKey: string): string {
  return createHash('sha256').update(Buffer.from(publicKey, 'base64url')).digest('hex');
}

function mismatch(): AppError {
  return new AppError('recovery_key_mismatch', 'The stored recovery key does not match the fingerprint pinned in the tenant configuration (recoveryKey.fingerprint).');
}

/** The recovery key, refused when it differs from the tenant config's pin. */
export async function recoveryKey(db: Kysely<Database>, config: TenantConfig): Promise<RecoveryKeyView | null> {
  const row = await db.selectFrom('recovery_key').selectAll().where('id', '=', ORG).executeTakeFirst();
  if (!row) return null;
  if (fingerprintOf(row.public_key) !== row.fingerprint) throw mismatch();
  if (config.recoveryKeyFingerprint !== null && row.fingerprint !== config.recoveryKeyFingerprint) throw mismatch();
  return { publicKey: row.public_key, fingerprint: row.fingerprint, pinned: config.recoveryKeyFingerprint, createdAt: row.created_at };
}

export async function requireRecoveryKey(db: Kysely<Database>, config: TenantConfig): Promise<RecoveryKeyView> {
  const key = await recoveryKey(db, config);
  if (!key) throw new AppError('recovery_key_not_set_up', 'No administrator has set up account recovery yet.');
  return key;
}

/** Roles whose admin grant includes approving devices. */
function recoveryRoles(config: TenantConfig): Map<string, readonly string[]> {
  const roles = new Map<string, readonly string[]>();
  for (const r of config.roles) if (r.policy.admin?.permissions.includes('devices')) roles.set(r.name, nodesUnder(config, r.policy.admin.scope));
  return roles;
}

export interface RecoveryAdmin {
  readonly userId: string;
  readonly email: string;
  /** The administrator's user public key (from their vault), null before they made a vault. */
  readonly publicKey: string | null;
  readonly granted: boolean;
}

/** Every active person whose role may approve devices: who holds the recovery key, and who could. */
export async function recoveryAdmins(db: Kysely<Database>, config: TenantConfig): Promise<RecoveryAdmin[]> {
  const roles = [...recoveryRoles(config).keys()];
  if (roles.length === 0) return [];
  const users = await db.selectFrom('users').select(['id', 'email']).where('role', 'in', roles).where('status', '=', 'active').orderBy('email').execute();
  if (users.length === 0) return [];
  const ids = users.map((u) => u.id);
  const [keys, grants] = await Promise.all([
    db.selectFrom('vault_keys').select(['user_id', 'public_key']).where('user_id', 'in', ids).execute(),
    db.selectFrom('recovery_key_grants').select('admin_user_id').where('admin_user_id', 'in', ids).execute(),
  ]);
  const publicKeys = new Map(keys.map((k) => [k.user_id, k.public_key]));
  const granted = new Set(grants.map((g) => g.admin_user_id));
  return users.map((u) => ({ userId: u.id, email: u.email, publicKey: publicKeys.get(u.id) ?? null, granted: granted.has(u.id) }));
}

export async function myRecoveryGrant(db: Kysely<Database>, adminUserId: string, fingerprint: string): Promise<string | null> {
  const row = await db.selectFrom('recovery_key_grants').select('wrapped_private_key').where('admin_user_id', '=', adminUserId).where('fingerprint', '=', fingerprint).executeTakeFirst();
  return row?.wrapped_private_key ?? null;
}

/** The first administrator's device made the key pair: store the public key and their sealed copy. */
export async function createRecoveryKey(
  store: Store,
  config: TenantConfig,
  o: { publicKey: string; wrappedPrivateKey: string; admin: AdminPrincipal & { actorUserId: string }; at: Date },
): Promise<RecoveryKeyView> {
  const fingerprint = fingerprintOf(o.publicKey);
  if (config.recoveryKeyFingerprint !== null && config.recoveryKeyFingerprint !== fingerprint) throw mismatch();
  await store.transaction(async (repos, tx) => {
    if (await tx.selectFrom('recovery_key').select('id').where('id', '=', ORG).executeTakeFirst()) {
      throw new AppError('conflict', 'The organisation already has a recovery key.');
    }
    const at = o.at.toISOString();
    await tx.insertInto('recovery_key').values({ id: ORG, public_key: o.publicKey, fingerprint, created_by_user_id: o.admin.actorUserId, created_at: at }).execute();
    await tx.deleteFrom('recovery_key_grants').where('admin_user_id', '=', o.admin.actorUserId).execute();
    await tx
      .insertInto('recovery_key_grants')
      .values({ admin_user_id: o.admin.actorUserId, fingerprint, wrapped_private_key: o.wrappedPrivateKey, granted_by_user_id: o.admin.actorUserId, created_at: at })
      .execute();
    await repos.audit.append({ type: 'recovery.key_created', at: o.at, userId: o.admin.actorUserId, details: { actor: o.admin.actor, fingerprint } });
  });
  return requireRecoveryKey(store.kysely, config);
}

/** An administrator holding the key seals it to another administrator whose role approves devices. */
export async function grantRecoveryKey(
  store: Store,
  config: TenantConfig,
  o: { toUserId: string; wrappedPrivateKey: string; admin: AdminPrincipal & { actorUserId: string }; at: Date },
): Promise<void> {
  const db = store.kysely;
  const key = await requireRecoveryKey(db, config);
  if ((await myRecoveryGrant(db, o.admin.actorUserId, key.fingerprint)) === null) {
    throw new AppError('recovery_key_not_granted', 'You hold no copy of the recovery key, so you cannot give one.');
  }
  const target = (await recoveryAdmins(db, config)).find((a) => a.userId === o.toUserId);
  if (!target) throw new AppError('not_found', 'No active administrator with the devices permission has this id.');
  await store.transaction(async (repos, tx) => {
    await tx.deleteFrom('recovery_key_grants').where('admin_user_id', '=', o.toUserId).execute();
    await tx
      .insertInto('recovery_key_grants')
      .values({ admin_user_id: o.toUserId, fingerprint: key.fingerprint, wrapped_private_key: o.wrappedPrivateKey, granted_by_user_id: o.admin.actorUserId, created_at: o.at.toISOString() })
      .execute();
    await repos.audit.append({ type: 'recovery.key_granted', at: o.at, userId: o.toUserId, details: { actor: o.admin.actor, to: target.email } });
  });
}

/** Enrols a vault: its data key sealed to the current recovery key (the fingerprint must match it). */
export async function enrolVaultForRecovery(store: Store, config: TenantConfig, o: { userId: string; fingerprint: string; wrappedDataKey: string; at: Date }): Promise<void> {
  const key = await requireRecoveryKey(store.kysely, config);
  if (o.fingerprint !== key.fingerprint) throw mismatch();
  await store.transaction(async (repos, tx) => {
    if (!(await tx.selectFrom('vault').select('user_id').where('user_id', '=', o.userId).executeTakeFirst())) throw new AppError('vault_not_found', 'There is no vault yet.');
    await tx.deleteFrom('vault_recovery').where('user_id', '=', o.userId).execute();
    await tx.insertInto('vault_recovery').values({ user_id: o.userId, fingerprint: o.fingerprint, wrapped_data_key: o.wrappedDataKey, updated_at: o.at.toISOString() }).execute();
    await repos.audit.append({ type: 'vault.recovery_enrolled', at: o.at, userId: o.userId, details: { fingerprint: o.fingerprint } });
  });
}

export async function vaultRecoveryOf(db: Kysely<Database>, userId: string): Promise<{ fingerprint: string; wrappedDataKey: string } | null> {
  const row = await db.selectFrom('vault_recovery').select(['fingerprint', 'wrapped_data_key']).where('user_id', '=', userId).executeTakeFirst();
  return row ? { fingerprint: row.fingerprint, wrappedDataKey: row.wrapped_data_key } : null;
}

/**
 * Whether an administrator could approve a device of this user: the vault is enrolled to the
 * current recovery key and an administrator whose scope covers the user holds that key.
 */
export async function recoveryApprovalPossible(db: Kysely<Database>, config: TenantConfig, user: { id: string; node: string }): Promise<boolean> {
  const enrolment = await vaultRecoveryOf(db, user.id);
  if (!enrolment) return false;
  const key = await recoveryKey(db, config).catch(() => null);
  if (!key || key.fingerprint !== enrolment.fingerprint) return false;
  const roles = [...recoveryRoles(config).entries()].filter(([, nodes]) => nodes.includes(user.node)).map(([role]) => role);
  if (roles.length === 0) return false;
  const holder = await db
    .selectFrom('recovery_key_grants as g')
    .innerJoin('users as u', 'u.id', 'g.admin_user_id')
    .select('u.id')
    .where('g.fingerprint', '=', key.fingerprint)
    .where('u.role', 'in', roles)
    .where('u.status', '=', 'active')
    .where('u.id', '!=', user.id)
    .executeTakeFirst();
  return holder !== undefined;
}

/** Whether the role of this user asks for recovery enrolment. */
export function recoveryRequired(config: TenantConfig, role: string): boolean {
  return (findRole(config, role)?.policy ?? DEFAULT_POLICY).accountRecovery;
}
