import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../../errors/app-error';
import { parseUserNameFilter, SCIM_LIST_SCHEMA, toScimUser } from '../../scim/scim-user';
import { createRequireAdmin } from '../authenticate';
import type { BackendContext } from '../backend-context';
import { parseInput } from '../parse-input';

const listQuery = z.object({
  filter: z.string().max(512).optional(),
  startIndex: z.coerce.number().int().optional(),
  count: z.coerce.number().int().optional(),
});

const SCIM_JSON = 'application/scim+json; charset=utf-8';

export function registerScimRoutes(app: FastifyInstance, ctx: BackendContext): void {
  const requireAdmin = createRequireAdmin(ctx.config.adminToken);

  app.get('/scim/v2/Users', async (req, reply) => {
    requireAdmin(req);
    const q = parseInput(listQuery, req.query, 'query');
    let email: string | undefined;
    if (q.filter !== undefined) {
      const v = parseUserNameFilter(q.filter);
      if (v === null) throw new AppError('bad_request', 'Unsupported filter: only userName eq "value" is supported (SCIM invalidFilter).');
      email = v;
    }
    // RFC 7644 §3.4.2.4: startIndex < 1 means 1; count < 0 means 0.
    const startIndex = Math.max(1, q.startIndex ?? 1);
    const count = Math.min(200, Math.max(0, q.count ?? 100));
    const { total, users } = await ctx.store.users.list({ email, offset: startIndex - 1, limit: count });
    return reply.type(SCIM_JSON).send({
      schemas: [SCIM_LIST_SCHEMA],
      totalResults: total,
      startIndex,
      itemsPerPage: users.length,
      Resources: users.map((u) => toScimUser(u, ctx.publicUrl())),
    });
  });

  app.get<{ Params: { id: string } }>('/scim/v2/Users/:id', async (req, reply) => {
    requireAdmin(req);
    const user = await ctx.store.users.findById(req.params.id);
    if (!user) throw new AppError('not_found', 'No such user.');
    return reply.type(SCIM_JSON).send(toScimUser(user, ctx.publicUrl()));
  });
}
