import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createScimAuth } from '../../scim/scim-auth';
import { RESOURCE_TYPES, resourceType, SCHEMAS, schemaDocument, serviceProviderConfig } from '../../scim/scim-discovery';
import { invalidValue, SCIM_JSON, ScimError, scimErrorBody } from '../../scim/scim-error';
import { createScimGroups } from '../../scim/scim-groups';
import type { ListParams } from '../../scim/scim-query';
import { createScimUsers } from '../../scim/scim-users';
import type { BackendContext } from '../backend-context';
import { toAppError } from '../error-handling';
import { NulCharacterError } from '../nul-character-guard';

/** Big enough for a group PUT with ten thousand members; anything larger is refused with 413. */
export const SCIM_BODY_LIMIT = 1024 * 1024;

type IdRequest = FastifyRequest<{ Params: { id: string } }>;

function listParams(query: unknown): ListParams {
  const q = (query ?? {}) as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const key of ['filter', 'startIndex', 'count', 'attributes', 'excludedAttributes']) {
    // Parameter names are matched case-insensitively, as some clients send `startindex`.
    const found = Object.keys(q).find((k) => k.toLowerCase() === key.toLowerCase());
    if (found === undefined) continue;
    const v = q[found];
    if (typeof v !== 'string') throw invalidValue(`The query parameter ${key} must be given once.`);
    out[key] = v;
  }
  return out;
}

/**
 * SCIM 2.0 (RFC 7643/7644) under /scim/v2, as Okta and Microsoft Entra ID send it. Its own
 * scope: application/scim+json bodies, SCIM error bodies, a SCIM 404 for unknown paths.
 */
export function registerScimRoutes(app: FastifyInstance, ctx: BackendContext): void {
  const actorOf = createScimAuth(ctx.config);
  const deps = { store: ctx.store, config: ctx.config, now: ctx.now, publicUrl: ctx.publicUrl };
  const users = createScimUsers(deps);
  const groups = createScimGroups(deps);

  void app.register(
    async (scim) => {
      // SCIM bodies are JSON (RFC 7644 §3.1): anything else is 415, not a string to validate.
      scim.removeContentTypeParser(['text/plain', 'application/x-www-form-urlencoded']);
      scim.addContentTypeParser(['application/scim+json'], { parseAs: 'string', bodyLimit: SCIM_BODY_LIMIT }, scim.getDefaultJsonParser('error', 'error'));
      scim.setErrorHandler((err, req, reply) => {
        // A NUL character is a value no attribute can take (RFC 7644 §3.12 invalidValue).
        const appError = err instanceof NulCharacterError ? invalidValue(err.publicMessage) : toAppError(err);
        if (appError.code === 'internal') ctx.logger.error({ err, route: req.routeOptions.url, method: req.method }, 'SCIM request failed');
        if (appError.status === 401) void reply.header('www-authenticate', 'Bearer realm="scim"');
        void reply.status(appError.status).type(SCIM_JSON).send(scimErrorBody(appError));
      });
      scim.setNotFoundHandler((_req, reply) => {
        void reply.status(404).type(SCIM_JSON).send(scimErrorBody(new ScimError(404, null, 'No such SCIM endpoint.')));
      });
      scim.addHook('onRequest', async (req) => {
        (req as FastifyRequest & { scimActor?: string }).scimActor = actorOf(req);
      });
      const actor = (req: FastifyRequest) => (req as FastifyRequest & { scimActor?: string }).scimActor as string;
      const send = (reply: FastifyReply, status: number, body: unknown) => reply.status(status).type(SCIM_JSON).send(body);
      const opts = { bodyLimit: SCIM_BODY_LIMIT };

      scim.get('/ServiceProviderConfig', async (_req, reply) => send(reply, 200, serviceProviderConfig(ctx.publicUrl())));
      scim.get('/ResourceTypes', async (_req, reply) => {
        const list = RESOURCE_TYPES.map((r) => resourceType(r, ctx.publicUrl()));
        return send(reply, 200, { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: list.length, startIndex: 1, itemsPerPage: list.length, Resources: list });
      });
      scim.get('/ResourceTypes/:id', async (req: IdRequest, reply) => {
        const r = RESOURCE_TYPES.find((t) => t.name === req.params.id);
        if (r === undefined) throw new ScimError(404, null, `No resource type "${req.params.id.slice(0, 64)}".`);
        return send(reply, 200, resourceType(r, ctx.publicUrl()));
      });
      scim.get('/Schemas', async (_req, reply) => {
        const list = SCHEMAS.map((s) => schemaDocument(s, ctx.publicUrl()));
        return send(reply, 200, { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: list.length, startIndex: 1, itemsPerPage: list.length, Resources: list });
      });
      scim.get('/Schemas/:id', async (req: IdRequest, reply) => {
        const s = SCHEMAS.find((d) => d.id === req.params.id);
        if (s === undefined) throw new ScimError(404, null, `No schema "${req.params.id.slice(0, 200)}".`);
        return send(reply, 200, schemaDocument(s, ctx.publicUrl()));
      });

      for (const [path, service] of [
        ['/Users', users],
        ['/Groups', groups],
      ] as const) {
        scim.get(path, async (req, reply) => send(reply, 200, await service.list(listParams(req.query))));
        scim.get(`${path}/:id`, async (req: IdRequest, reply) => send(reply, 200, await service.get(req.params.id, listParams(req.query))));
        scim.post(path, opts, async (req, reply) => {
          const created = await service.create(req.body, actor(req));
          void reply.header('location', (created.meta as { location: string }).location);
          return send(reply, 201, created);
        });
        scim.put(`${path}/:id`, opts, async (req: IdRequest, reply) => send(reply, 200, await service.replace(req.params.id, req.body, actor(req))));
        scim.patch(`${path}/:id`, opts, async (req: IdRequest, reply) => send(reply, 200, await service.patch(req.params.id, req.body, actor(req))));
        scim.delete(`${path}/:id`, async (req: IdRequest, reply) => {
          await service.remove(req.params.id, actor(req));
          return reply.status(204).send();
        });
      }
    },
    { prefix: '/scim/v2' },
  );
}
