import { createHash, randomUUID } from 'node:crypto';
import { assertIpAllowed } from '../http/ip-allowlist';
import { AppError } from '../../errors/app-error';
import { DEFAULT_POLICY, type EnforcementPolicy } from '../../policy/enforcement-policy';
import { findRole, type SsoConnection, type TenantConfig } from '../config/tenant-config';
import { placementFor } from '../scim/role-mapping';
import { syncPlacement } from '../scim/sync-placement';
import { hashToken, newSessionToken } from '../sessions/session-token';
import type { DeviceInfo, Repositories, Store, UserRow } from '../store/store';

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export interface SignInResult {
  readonly session: string;
  readonly sessionExpiresAt: string;
  readonly user: { readonly id: string; readonly email: string; readonly node: string; readonly role: string };
  readonly policy: EnforcementPolicy;
  readonly vaultExists: boolean;
  readonly deviceId: string;
}

/**
 * After the IdP's answer passed every check: find or JIT-provision the user, register the
 * device and open a session — all in one database transaction, so a failure leaves nothing.
 * Concurrent first sign-ins of one person converge on one user (unique email, insert-or-ignore).
 */
export async function finishSignIn(
  deps: { store: Store; config: TenantConfig; now: () => Date },
  o: {
    connection: SsoConnection;
    email: string;
    device: DeviceInfo | null;
    method: string;
    clientIp?: string | undefined;
    /** Values of the connection's groupsAttribute (SAML attribute / OIDC claim), for roleMappings. */
    groups?: readonly string[] | undefined;
  },
): Promise<SignInResult> {
  const now = deps.now();
  const email = o.email.toLowerCase();
  const token = newSessionToken();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);

  return deps.store.transaction(async (repos) => {
    const { user, created, firstSignIn } = await findOrProvisionUser(repos, deps.config, { ...o, email, now });
    const wanted = o.device ?? { id: randomUUID(), name: 'Unknown device', platform: 'unknown' };
    // A device id already owned by someone else (a second person on a shared computer, or an
    // attack) gets an id of its own, derived from both so it is the same at every sign-in: the
    // vault's device key is filed under it.
    const device =
      (await repos.devices.upsert({ ...wanted, userId: user.id, now })) ??
      (await repos.devices.upsert({ ...wanted, id: perUserDeviceId(user.id, wanted.id), userId: user.id, now })) ??
      (await repos.devices.upsert({ ...wanted, id: randomUUID(), userId: user.id, now }));
    if (!device) throw new Error('device registration failed');
    await repos.sessions.create({ tokenHash: hashToken(token), userId: user.id, deviceId: device.id, now, expiresAt });
    const base = { at: now, userId: user.id, connectionId: o.connection.id };
    await repos.audit.appendAll([
      ...(created ? [{ ...base, type: 'user.provisioned', details: { node: user.node, role: user.role } }] : []),
      ...(firstSignIn ? [{ ...base, type: 'user.first_sign_in', details: { node: user.node, role: user.role } }] : []),
      { ...base, type: 'session.created', details: { deviceId: device.id } },
      { ...base, type: 'sign_in.succeeded', details: { method: o.method } },
    ]);
    // A user created in this transaction has no vault yet.
    const vaultExists = !created && (await repos.vault.get(user.id)) !== undefined;
    return {
      session: token,
      sessionExpiresAt: expiresAt.toISOString(),
      user: { id: user.id, email: user.email, node: user.node, role: user.role },
      policy: findRole(deps.config, user.role)?.policy ?? DEFAULT_POLICY,
      vaultExists,
      deviceId: device.id,
    };
  });
}

/**
 * Finds the user (by email, else by SCIM userName) or provisions them just in time (JIT on, the
 * role's IP allowlist satisfied), then checks they are not deactivated, marks an invited user
 * active, re-applies role mappings and checks the address against the resulting role. Runs
 * inside the caller's transaction, so a refusal leaves nothing behind.
 */
export async function findOrProvisionUser(
  repos: Repositories,
  config: TenantConfig,
  o: { connection: SsoConnection; email: string; clientIp?: string | undefined; now: Date; groups?: readonly string[] | undefined },
): Promise<{ user: UserRow; created: boolean; firstSignIn: boolean }> {
  let user = await repos.users.findForSignIn(o.email);
  let created = false;
  if (!user) {
    if (!o.connection.jit) {
      throw new AppError('jit_disabled', 'Your account has not been set up in Keyhaven yet, and automatic provisioning is off. Ask your administrator.');
    }
    const node = o.connection.node;
    const placement = placementFor(config, { node, assignedNode: node, assignedRole: null }, [], o.groups ?? []);
    if (placement === null) throw new AppError('config_invalid', `Node "${node}" has no default role.`);
    // Checked before anything is created: a refused sign-in leaves no user behind.
    assertIpAllowed(findRole(config, placement.role)?.policy.ipAllowlist ?? [], o.clientIp);
    ({ user, created } = await repos.users.insertIfAbsent({ id: randomUUID(), email: o.email, node: placement.node, role: placement.role, connectionId: o.connection.id, now: o.now }));
  }
  if (user.status === 'deactivated') {
    throw new AppError('user_deactivated', 'This account has been deactivated by an administrator.');
  }
  const firstSignIn = user.status === 'invited';
  // A user inserted just now was inserted active, with this sign-in's time.
  if (!created) await repos.scim.markSignedIn(user.id, o.now);
  user = { ...user, status: 'active' };
  // Role mappings are re-applied at every sign-in: groups change at the IdP. Without the
  // groups of this sign-in (a handover redeemed later) a connection that sends them keeps the
  // placement of the last sign-in rather than dropping a group-given role.
  if (o.groups !== undefined || o.connection.groupsAttribute === null) {
    // A user inserted in this transaction, under an id made for it, belongs to no SCIM group yet.
    user = await syncPlacement(repos, config, user, { now: o.now, claimGroups: o.groups ?? [], connectionId: o.connection.id, ...(created ? { scimGroups: [] } : {}) });
  }
  assertIpAllowed(findRole(config, user.role)?.policy.ipAllowlist ?? [], o.clientIp);
  return { user, created, firstSignIn };
}

function perUserDeviceId(userId: string, deviceId: string): string {
  return `d-${createHash('sha256').update(`${userId}|${deviceId}`).digest('hex').slice(0, 40)}`;
}
