import type { FastifyRequest } from 'fastify';
import { AppError } from '../../errors/app-error';
import { ADMIN_PERMISSIONS, DEFAULT_POLICY, type AdminPermission } from '../../policy/enforcement-policy';
import { findRole, type TenantConfig } from '../config/tenant-config';
import type { AccessGate } from '../http/access-gate';
import type { SessionAuth } from '../http/authenticate';
import { secretsEqual } from '../sessions/session-token';
import { nodesUnder, type AdminPrincipal } from './admin-scope';

export type AdminAccess = (req: FastifyRequest, permission: AdminPermission | null) => Promise<AdminPrincipal>;

const NOT_ADMIN = 'A valid administrator bearer token, or the session of a person whose role grants administration, is required.';

function bearer(req: FastifyRequest): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(typeof req.headers.authorization === 'string' ? req.headers.authorization : '');
  return m?.[1] ?? null;
}

/**
 * `/v1/admin/*` accepts two callers: the admin token (automation; every node, every
 * permission) or a signed-in person whose role's policy has `admin` — through the same access
 * gate as the vault (second factor as the role requires, IP allowlist), limited to the role's
 * scope and permissions.
 */
export function createAdminAccess(deps: {
  config: TenantConfig;
  authenticate: (req: FastifyRequest) => Promise<SessionAuth>;
  gate: AccessGate;
}): AdminAccess {
  return async (req, permission) => {
    const token = bearer(req);
    if (token === null) throw new AppError('unauthorized', NOT_ADMIN);
    if (secretsEqual(token, deps.config.adminToken)) {
      return { kind: 'token', actor: 'admin token', actorUserId: null, scope: null, nodes: null, permissions: new Set(ADMIN_PERMISSIONS) };
    }
    let auth: SessionAuth;
    try {
      auth = await deps.authenticate(req);
    } catch (err) {
      // A deactivated person hears why; any other failure is "not an admin credential".
      if (err instanceof AppError && err.code === 'user_deactivated') throw err;
      throw new AppError('unauthorized', NOT_ADMIN);
    }
    const grant = (findRole(deps.config, auth.user.role)?.policy ?? DEFAULT_POLICY).admin;
    if (grant === null) throw new AppError('unauthorized', NOT_ADMIN);
    const state = await deps.gate.requireSecondFactor(auth, req.ip);
    // The gate lets a person who has not enrolled yet reach their (write-only) vault to finish
    // onboarding; administering others waits until the required second factor exists.
    if (state.policy.requireTwoFactor && state.enrolledMethods.length === 0) {
      throw new AppError('two_factor_required', 'Your role requires a second factor: set one up before using the admin area.');
    }
    if (permission !== null && !grant.permissions.includes(permission)) {
      throw new AppError('forbidden', `Your role does not grant the "${permission}" administration permission.`);
    }
    return {
      kind: 'session',
      actor: auth.user.email,
      actorUserId: auth.user.id,
      scope: grant.scope,
      nodes: nodesUnder(deps.config, grant.scope),
      permissions: new Set(grant.permissions),
    };
  };
}
