import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { createAuthenticate } from '../authenticate';
import type { BackendContext } from '../backend-context';
import { parseInput } from '../parse-input';

export const ONBOARDING_STEPS = ['welcome', 'vault', 'import', 'extension', 'two_factor'] as const;

const putBody = z.object({ step: z.enum(ONBOARDING_STEPS), status: z.enum(['done', 'skipped']) }).strict();

/** Stores per-step progress only; which steps apply is the onboarding planner's call. */
export function registerOnboardingRoutes(app: FastifyInstance, ctx: BackendContext, authenticate: ReturnType<typeof createAuthenticate>): void {
  const progress = async (userId: string) =>
    (await ctx.store.onboarding.list(userId)).map((o) => ({ step: o.step, status: o.status, updatedAt: o.updatedAt.toISOString() }));

  app.get('/v1/onboarding', async (req) => {
    const { user } = await authenticate(req);
    return { progress: await progress(user.id) };
  });

  app.put('/v1/onboarding', async (req) => {
    const { user } = await authenticate(req);
    const body = parseInput(putBody, req.body, 'body');
    await ctx.store.onboarding.set(user.id, body.step, body.status, ctx.now());
    return { progress: await progress(user.id) };
  });
}
