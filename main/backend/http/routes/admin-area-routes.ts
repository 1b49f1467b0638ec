import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { API } from '../../../api/api';
import type { csvQuery } from '../../../api/endpoints/admin';
import { AppError } from '../../../errors/app-error';
import { createAdminAccess } from '../../admin/admin-auth';
import { listAdminEvents, type EventFilter } from '../../admin/admin-events-query';
import { findAdminUser, listAdminUsers } from '../../admin/admin-users-query';
import { placeUser, removeUserDevice, resetSecondFactor, setUserActive } from '../../admin/admin-user-actions';
import { auditCsvChunks } from '../../admin/audit-csv';
import type { ConnectionTests } from '../../admin/connection-test';
import { listConnections } from '../../admin/connections-view';
import { checkConfigFile } from '../../admin/config-file-check';
import { rolloutByNode, stuckPeople } from '../../admin/rollout-query';
import { listDevices } from '../../devices/device-store';
import { webhookStatus } from '../../webhooks/webhook-status';
import { syslogStatus } from '../../syslog/syslog-status';
import type { AccessGate } from '../access-gate';
import type { createAuthenticate } from '../authenticate';
import type { BackendContext } from '../backend-context';
import { bodyOf, paramsOf, queryOf, route } from '../route';

const E = API.admin;

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
export function registerAdminAreaRoutes(app: FastifyInstance, ctx: BackendContext, authenticate: ReturnType<typeof createAuthenticate>, gate: AccessGate, tests: ConnectionTests): void {
  const access = createAdminAccess({ config: ctx.config, authenticate, gate });
  const loadedAt = ctx.now();
  const db = ctx.store.kysely;
  const act = async (req: Parameters<typeof access>[0], permission: 'users' | 'devices') => ({
    store: ctx.store,
    config: ctx.config,
    principal: await access(req, permission),
    now: ctx.now(),
  });
  const userOr404 = async (principal: Awaited<ReturnType<typeof access>>, id: string) => {
    const user = await findAdminUser(db, ctx.config, principal, id);
    if (!user) throw new AppError('not_found', 'No user with this id in your administration scope.');
    return user;
  };

  route(app, E.me, async (req) => {
    const p = await access(req, null);
    return { actor: p.actor, scope: p.scope, nodes: p.nodes ?? ctx.config.nodes.map((n) => n.name), permissions: [...p.permissions], roles: ctx.config.roles.map((r) => r.name) };
  });

  route(app, E.events, async (req) => {
    const principal = await access(req, 'audit');
    const q = queryOf(E.events, req);
    const events = await listAdminEvents(db, ctx.config, principal, { ...filterOf(q), before: q.before, limit: q.limit });
    const last = events[events.length - 1];
    return { events, nextBefore: events.length === q.limit && last ? last.seq : null };
  });

  route(app, E.eventsCsv, async (req, reply) => {
    const principal = await access(req, 'audit');
    const filter = filterOf(queryOf(E.eventsCsv, req));
    const chunks = auditCsvChunks((before) => listAdminEvents(db, ctx.config, principal, { ...filter, before, limit: 1000 }));
    void reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="keyhaven-audit.csv"')
      .send(Readable.from(chunks));
    return reply;
  });

  route(app, E.users, async (req) => {
    const principal = await access(req, 'users');
    const q = queryOf(E.users, req);
    const { total, users } = await listAdminUsers(db, ctx.store.dialect, ctx.config, principal, q);
    return { total, offset: q.offset, limit: q.limit, users };
  });

  route(app, E.user, async (req) => {
    const principal = await access(req, 'users');
    const { id } = paramsOf(E.user, req);
    const user = await userOr404(principal, id);
    const [devices, events] = await Promise.all([
      listDevices(db, user.id),
      principal.permissions.has('audit') ? listAdminEvents(db, ctx.config, principal, { user: user.id, limit: 20 }) : Promise.resolve(null),
    ]);
    return { user, devices, recentEvents: events };
  });

  const setActive = (active: boolean) => async (req: Parameters<typeof access>[0]) => {
    const c = await act(req, 'users');
    const { id } = paramsOf(E.deactivate, req);
    await setUserActive(c, id, active);
    return userOr404(c.principal, id);
  };
  route(app, E.deactivate, setActive(false));
  route(app, E.activate, setActive(true));

  route(app, E.resetSecondFactor, async (req) => {
    const c = await act(req, 'users');
    const { id } = paramsOf(E.resetSecondFactor, req);
    await resetSecondFactor(c, id);
    return userOr404(c.principal, id);
  });

  route(app, E.placeUser, async (req) => {
    const c = await act(req, 'users');
    const { id } = paramsOf(E.placeUser, req);
    await placeUser(c, id, bodyOf(E.placeUser, req));
    return userOr404(c.principal, id);
  });

  route(app, E.removeDevice, async (req) => {
    const c = await act(req, 'devices');
    const { id, deviceId } = paramsOf(E.removeDevice, req);
    await removeUserDevice(c, id, deviceId);
    return { devices: await listDevices(db, id) };
  });

  route(app, E.rollout, async (req) => rolloutByNode(db, ctx.config, await access(req, 'users')));

  route(app, E.stuck, async (req) => {
    const principal = await access(req, 'users');
    const q = queryOf(E.stuck, req);
    return { ...(await stuckPeople(db, ctx.config, principal, q)), offset: q.offset, limit: q.limit };
  });

  route(app, E.config, async (req) => checkConfigFile(ctx.config, loadedAt, await access(req, 'connections')));

  // Destinations are the tenant's (every node's events); the views hold counts, types and ids only.
  route(app, E.webhooks, async (req) => {
    await access(req, 'audit');
    return { webhooks: await webhookStatus(db, ctx.config.webhooks) };
  });

  route(app, E.syslog, async (req) => {
    await access(req, 'audit');
    return { syslog: await syslogStatus(db, ctx.config.syslog) };
  });

  route(app, E.connections, async (req) => {
    const principal = await access(req, 'connections');
    return { connections: listConnections(ctx.config, principal, ctx.publicUrl(), ctx.now()) };
  });

  route(app, E.testConnection, async (req) => {
    const principal = await access(req, 'connections');
    return tests.start(principal, paramsOf(E.testConnection, req).id, bodyOf(E.testConnection, req).redirectUri);
  });

  route(app, E.completeConnectionTest, async (req) => {
    const principal = await access(req, 'connections');
    return tests.complete(principal, paramsOf(E.completeConnectionTest, req).testId, bodyOf(E.completeConnectionTest, req), req.ip);
  });
}
