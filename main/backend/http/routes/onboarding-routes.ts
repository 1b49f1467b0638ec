import type { FastifyInstance } from 'fastify';
import { API } from '../../../api/api';
import { applyStepResult } from '../../../policy/onboarding-planner';
import type { AccessGate } from '../access-gate';
import type { createAuthenticate } from '../authenticate';
import type { BackendContext } from '../backend-context';
import { bodyOf, route } from '../route';

/**
 * The backend is the authority on onboarding: each answer goes through the planner, which
 * refuses skipping a required step or claiming a fact step (vault, two-factor) before it is true.
 */
export function registerOnboardingRoutes(
  app: FastifyInstance,
  ctx: BackendContext,
  authenticate: ReturnType<typeof createAuthenticate>,
  gate: AccessGate,
): void {
  const progress = async (userId: string) =>
    (await ctx.store.onboarding.list(userId)).map((o) => ({ step: o.step, status: o.status, updatedAt: o.updatedAt.toISOString() }));

  route(app, API.session.onboarding, async (req) => {
    const auth = await authenticate(req);
    const access = await gate.state(auth);
    return { progress: await progress(auth.user.id), plan: access.plan };
  });

  route(app, API.session.completeOnboardingStep, async (req) => {
    const auth = await authenticate(req);
    const body = bodyOf(API.session.completeOnboardingStep, req);
    const access = await gate.requireSecondFactor(auth, req.ip);
    const outcome = applyStepResult(
      access.policy,
      access.progress,
      { vaultExists: access.vaultExists, enrolledMethods: access.enrolledMethods },
      body.step,
      body.status,
    );
    await ctx.store.onboarding.set(auth.user.id, body.step, body.status, ctx.now());
    await ctx.store.audit.append({ type: 'onboarding.step', at: ctx.now(), userId: auth.user.id, details: { step: body.step, status: body.status } });
    return { progress: await progress(auth.user.id), plan: outcome.plan };
  });
}
