import type { FastifyInstance } from 'fastify';
import { DEFAULT_POLICY } from '../../../policy/enforcement-policy';
import { findRole } from '../../config/tenant-config';
import type { createAuthenticate } from '../authenticate';
import type { AccessGate } from '../access-gate';
import type { BackendContext } from '../backend-context';

export function registerSessionRoutes(app: FastifyInstance, ctx: BackendContext, authenticate: ReturnType<typeof createAuthenticate>, gate: AccessGate): void {
  app.get('/v1/me', async (req) => {
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

  app.post('/v1/sessions/logout', async (req) => {
    const { user, session } = await authenticate(req);
    await ctx.store.sessions.delete(session.tokenHash);
    await ctx.store.audit.append({ type: 'session.ended', at: ctx.now(), userId: user.id });
    return { ok: true };
  });
}
