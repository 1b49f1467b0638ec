import { createHash, randomUUID } from 'node:crypto';
import { assertIpAllowed } from '../http/ip-allowlist';
import { AppError } from '../../errors/app-error';
import { DEFAULT_POLICY, type EnforcementPolicy } from '../../policy/enforcement-policy';
import { defaultRoleForNode, findRole, type SsoConnection, type TenantConfig } from '../config/tenant-config';
import { hashToken, newSessionToken } from '../sessions/session-token';
import type { DeviceInfo, Store } from '../store/store';

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
  o: { connection: SsoConnection; email: string; device: DeviceInfo | null; method: string; clientIp?: string | undefined },
): Promise<SignInResult> {
  const now = deps.now();
  const email = o.email.toLowerCase();
  const token = newSessionToken();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);

  return deps.store.transaction(async (repos) => {
    let user = await repos.users.findByEmail(email);
    let created = false;
    if (!user) {
      if (!o.connection.jit) {
        throw new AppError('jit_disabled', 'Your account has not been set up in Keyhaven yet, and automatic provisioning is off. Ask your administrator.');
      }
      const role = defaultRoleForNode(deps.config, o.connection.node);
      if (role === null) throw new AppError('config_invalid', `Node "${o.connection.node}" has no default role.`);
      // Checked before anything is created: a refused sign-in leaves no user behind.
      assertIpAllowed(findRole(deps.config, role)?.policy.ipAllowlist ?? [], o.clientIp);
      ({ user, created } = await repos.users.insertIfAbsent({ id: randomUUID(), email, node: o.connection.node, role, connectionId: o.connection.id, now }));
    }
    if (user.status !== 'active') {
      throw new AppError('user_deactivated', 'This account has been deactivated by an administrator.');
    }
    assertIpAllowed(findRole(deps.config, user.role)?.policy.ipAllowlist ?? [], o.clientIp);
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
    if (created) await repos.audit.append({ ...base, type: 'user.provisioned', details: { node: user.node, role: user.role } });
    await repos.audit.append({ ...base, type: 'session.created', details: { deviceId: device.id } });
    await repos.audit.append({ ...base, type: 'sign_in.succeeded', details: { method: o.method } });
    const vault = await repos.vault.get(user.id);
    return {
      session: token,
      sessionExpiresAt: expiresAt.toISOString(),
      user: { id: user.id, email: user.email, node: user.node, role: user.role },
      policy: findRole(deps.config, user.role)?.policy ?? DEFAULT_POLICY,
      vaultExists: vault !== undefined,
      deviceId: device.id,
    };
  });
}

function perUserDeviceId(userId: string, deviceId: string): string {
  return `d-${createHash('sha256').update(`${userId}|${deviceId}`).digest('hex').slice(0, 40)}`;
}
