import type { FastifyInstance } from 'fastify';
import { API } from '../../../api/api';
import { DEFAULT_POLICY } from '../../../policy/enforcement-policy';
import { findRole } from '../../config/tenant-config';
import type { createAuthenticate } from '../authenticate';
import type { AccessGate } from '../access-gate';
import type { BackendContext } from '../backend-context';
import { route } from '../route';

export function registerSessionRoutes(app: FastifyInstance, ctx: BackendContext, authenticate: ReturnType<typeof createAuthenticate>, gate: AccessGate): void {
  route(app, API.session.me, async (req) => {
    const auth = await authenticate(req);
    const { user, session } = auth;
    const [vault, onboarding, access] = await Promise.all([ctx.store.vault.get(user.id), ctx.store.onboarding.list(user.id), gate.state(auth)]);
    return {
      secondFactor: access.secondFactor,
      enrolledMethods: access.enrolledMethods,
      onboardingPlan: access.plan,
      user: { id: user.id, email: user.email, node: user.node, role: user.role },
      node: user.node,
      role: user.role,
      policy: findRole(ctx.config, user.role)?.policy ?? DEFAULT_POLICY,
      vaultExists: vault !== undefined,
      deviceId: session.deviceId,
      sessionExpiresAt: session.expiresAt.toISOString(),
      onboarding: onboarding.map((o) => ({ step: o.step, status: o.status, updatedAt: o.updatedAt.toISOString() })),
    };
  });

  // Settings → My security: this person's live sessions, newest first, with the device each is on.
  route(app, API.session.list, async (req) => {
    const auth = await authenticate(req);
    await gate.requireSecondFactor(auth, req.ip);
    const rows = await ctx.store.kysely
      .selectFrom('sessions')
      .leftJoin('devices', (j) => j.onRef('devices.id', '=', 'sessions.device_id').onRef('devices.user_id', '=', 'sessions.user_id'))
      .select(['sessions.token_hash', 'sessions.device_id', 'sessions.created_at', 'sessions.expires_at', 'sessions.second_factor_verified_at', 'devices.name', 'devices.platform'])
      .where('sessions.user_id', '=', auth.user.id)
      .where('sessions.expires_at', '>', ctx.now().toISOString())
      .orderBy('sessions.created_at', 'desc')
      .execute();
    return {
      sessions: rows.map((r) => ({
        deviceId: r.device_id,
        deviceName: r.name ?? 'Unknown device',
        platform: r.platform ?? '',
        startedAt: r.created_at,
        expiresAt: r.expires_at,
        secondFactorVerified: r.second_factor_verified_at !== null,
        current: r.token_hash === auth.session.tokenHash,
      })),
    };
  });

  route(app, API.session.logout, async (req) => {
    const { user, session } = await authenticate(req);
    await ctx.store.sessions.delete(session.tokenHash);
    await ctx.store.audit.append({ type: 'session.ended', at: ctx.now(), userId: user.id });
    return { ok: true };
  });
}
