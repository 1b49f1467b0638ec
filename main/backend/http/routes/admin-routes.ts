import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../../errors/app-error';
import type { UserStatus } from '../../store/store';
import { createRequireAdmin } from '../authenticate';
import type { BackendContext } from '../backend-context';
import { parseInput } from '../parse-input';

const eventsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  type: z.string().max(64).optional(),
  userId: z.string().max(128).optional(),
});

export function registerAdminRoutes(app: FastifyInstance, ctx: BackendContext): void {
  const requireAdmin = createRequireAdmin(ctx.config.adminToken);

  app.get('/v1/admin/events', async (req) => {
    requireAdmin(req);
    const q = parseInput(eventsQuery, req.query, 'query');
    const events = await ctx.store.audit.listNewestFirst(q);
    return { events: events.map((e) => ({ ...e, at: e.at.toISOString() })) };
  });

  const setStatus = (status: UserStatus) => async (req: { params: { id: string } } & Parameters<typeof requireAdmin>[0]) => {
    requireAdmin(req);
    const now = ctx.now();
    const user = await ctx.store.transaction(async (repos) => {
      const u = await repos.users.setStatus(req.params.id, status, now);
      if (!u) return undefined;
      // Deactivation ends every session at once, not at the next token expiry.
      if (status === 'deactivated') await repos.sessions.deleteForUser(u.id);
      await repos.audit.append({ type: status === 'active' ? 'user.activated' : 'user.deactivated', at: now, userId: u.id });
      return u;
    });
    if (!user) throw new AppError('not_found', 'No such user.');
    return { id: user.id, email: user.email, status: user.status };
  };

  app.post<{ Params: { id: string } }>('/v1/admin/users/:id/deactivate', setStatus('deactivated'));
  app.post<{ Params: { id: string } }>('/v1/admin/users/:id/activate', setStatus('active'));
}
