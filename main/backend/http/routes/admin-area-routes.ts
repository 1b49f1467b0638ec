import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../../errors/app-error';
import { createAdminAccess } from '../../admin/admin-auth';
import { listAdminEvents, type EventFilter } from '../../admin/admin-events-query';
import { findAdminUser, listAdminUsers } from '../../admin/admin-users-query';
import { placeUser, removeUserDevice, resetSecondFactor, setUserActive } from '../../admin/admin-user-actions';
import { auditCsvChunks } from '../../admin/audit-csv';
import { listConnections } from '../../admin/connections-view';
import { checkConfigFile } from '../../admin/config-file-check';
import { rolloutByNode, stuckPeople } from '../../admin/rollout-query';
import { ROLLOUT_STAGES } from '../../admin/user-facts';
import { listDevices } from '../../devices/device-store';
import { webhookStatus } from '../../webhooks/webhook-status';
import type { AccessGate } from '../access-gate';
import type { createAuthenticate } from '../authenticate';
import type { BackendContext } from '../backend-context';
import { parseInput } from '../parse-input';

const text = z.string().trim().min(1).max(320);
const isoDate = z.string().datetime({ offset: true }).transform((v) => new Date(v));

const eventFilter = {
  type: z.string().max(64).optional(),
  user: text.optional(),
  // The earlier name of `user` (an id), still accepted.
  userId: z.string().max(128).optional(),
  outcome: z.enum(['success', 'failure']).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
};
const eventsQuery = z.object({ ...eventFilter, before: z.coerce.number().int().min(1).optional(), limit: z.coerce.number().int().min(1).max(1000).default(100) }).strict();
const csvQuery = z.object(eventFilter).strict();

const page = { offset: z.coerce.number().int().min(0).max(10_000_000).default(0), limit: z.coerce.number().int().min(1).max(200).default(50) };
const usersQuery = z
  .object({
    q: z.string().max(320).optional(),
    status: z.enum(['invited', 'active', 'deactivated']).optional(),
    node: text.optional(),
    role: text.optional(),
    source: z.enum(['jit', 'scim']).optional(),
    stage: z.enum(ROLLOUT_STAGES).optional(),
    ...page,
  })
  .strict();
const stuckQuery = z
  .object({ stage: z.enum(['sign_in', 'vault', 'onboarding', 'second_factor']).optional(), node: text.optional(), ...page })
  .strict();
const userParams = z.object({ id: z.string().min(1).max(128) }).strict();
const deviceParams = z.object({ id: z.string().min(1).max(128), deviceId: z.string().min(1).max(200) }).strict();
const placeBody = z
  .object({ node: text.optional(), role: text.optional() })
  .strict()
  .refine((b) => b.node !== undefined || b.role !== undefined, 'give node, role or both');

const filterOf = (q: z.output<typeof csvQuery>): EventFilter => ({
  type: q.type,
  user: q.user ?? q.userId,
  outcome: q.outcome,
  from: q.from,
  to: q.to,
});

/**
 * The admin area's HTTP side (`/v1/admin/*`). Every route first resolves the caller to a
 * principal (admin token, or an admin's session through the access gate) and then hands its
 * scope to a query that filters in SQL. Out-of-scope users read as unknown (404).
 */
export function registerAdminAreaRoutes(app: FastifyInstance, ctx: BackendContext, authenticate: ReturnType<typeof createAuthenticate>, gate: AccessGate): void {
  const access = createAdminAccess({ config: ctx.config, authenticate, gate });
  const loadedAt = ctx.now();
  const db = ctx.store.kysely;
  const act = async (req: Parameters<typeof access>[0], permission: 'users' | 'devices') => ({
    db,
    config: ctx.config,
    principal: await access(req, permission),
    now: ctx.now(),
  });
  const userOr404 = async (principal: Awaited<ReturnType<typeof access>>, id: string) => {
    const user = await findAdminUser(db, ctx.config, principal, id);
    if (!user) throw new AppError('not_found', 'No user with this id in your administration scope.');
    return user;
  };

  app.get('/v1/admin/me', async (req) => {
    const p = await access(req, null);
    return { actor: p.actor, scope: p.scope, nodes: p.nodes ?? ctx.config.nodes.map((n) => n.name), permissions: [...p.permissions], roles: ctx.config.roles.map((r) => r.name) };
  });

  app.get('/v1/admin/events', async (req) => {
    const principal = await access(req, 'audit');
    const q = parseInput(eventsQuery, req.query, 'query');
    const events = await listAdminEvents(db, ctx.config, principal, { ...filterOf(q), before: q.before, limit: q.limit });
    const last = events[events.length - 1];
    return { events, nextBefore: events.length === q.limit && last ? last.seq : null };
  });

  app.get('/v1/admin/events.csv', async (req, reply) => {
    const principal = await access(req, 'audit');
    const filter = filterOf(parseInput(csvQuery, req.query, 'query'));
    const chunks = auditCsvChunks((before) => listAdminEvents(db, ctx.config, principal, { ...filter, before, limit: 1000 }));
    void reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="keyhaven-audit.csv"')
      .send(Readable.from(chunks));
    return reply;
  });

  app.get('/v1/admin/users', async (req) => {
    const principal = await access(req, 'users');
    const q = parseInput(usersQuery, req.query, 'query');
    const { total, users } = await listAdminUsers(db, ctx.config, principal, q);
    return { total, offset: q.offset, limit: q.limit, users };
  });

  app.get('/v1/admin/users/:id', async (req) => {
    const principal = await access(req, 'users');
    const { id } = parseInput(userParams, req.params, 'path');
    const user = await userOr404(principal, id);
    const [devices, events] = await Promise.all([
      listDevices(db, user.id),
      principal.permissions.has('audit') ? listAdminEvents(db, ctx.config, principal, { user: user.id, limit: 20 }) : Promise.resolve(null),
    ]);
    return { user, devices, recentEvents: events };
  });

  const setActive = (active: boolean) => async (req: Parameters<typeof access>[0]) => {
    const c = await act(req, 'users');
    const { id } = parseInput(userParams, req.params, 'path');
    await setUserActive(c, id, active);
    return userOr404(c.principal, id);
  };
  app.post('/v1/admin/users/:id/deactivate', setActive(false));
  app.post('/v1/admin/users/:id/activate', setActive(true));

  app.post('/v1/admin/users/:id/reset-second-factor', async (req) => {
    const c = await act(req, 'users');
    const { id } = parseInput(userParams, req.params, 'path');
    await resetSecondFactor(c, id);
    return userOr404(c.principal, id);
  });

  app.patch('/v1/admin/users/:id', async (req) => {
    const c = await act(req, 'users');
    const { id } = parseInput(userParams, req.params, 'path');
    await placeUser(c, id, parseInput(placeBody, req.body, 'body'));
    return userOr404(c.principal, id);
  });

  app.delete('/v1/admin/users/:id/devices/:deviceId', async (req) => {
    const c = await act(req, 'devices');
    const { id, deviceId } = parseInput(deviceParams, req.params, 'path');
    await removeUserDevice(c, id, deviceId);
    return { devices: await listDevices(db, id) };
  });

  app.get('/v1/admin/rollout', async (req) => rolloutByNode(db, ctx.config, await access(req, 'users')));

  app.get('/v1/admin/rollout/stuck', async (req) => {
    const principal = await access(req, 'users');
    const q = parseInput(stuckQuery, req.query, 'query');
    return { ...(await stuckPeople(db, ctx.config, principal, q)), offset: q.offset, limit: q.limit };
  });

  app.get('/v1/admin/config', async (req) => checkConfigFile(ctx.config, loadedAt, await access(req, 'connections')));

  // Hooks are the tenant's (every node's events); the view holds counts, types and ids only.
  app.get('/v1/admin/webhooks', async (req) => {
    await access(req, 'audit');
    return { webhooks: await webhookStatus(db, ctx.config.webhooks) };
  });

  app.get('/v1/admin/connections', async (req) => {
    const principal = await access(req, 'connections');
    return { connections: listConnections(ctx.config, principal, ctx.publicUrl(), ctx.now()) };
  });
}
