import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../../main/api/api';
import { createApiClient } from '../../../main/api/api-client';
import { installErrorHandling } from '../../../main/backend/http/error-handling';
import { route } from '../../../main/backend/http/route';
import { AppError } from '../../../main/errors/app-error';
import { createLogger } from '../../../main/log/logger';

/**
 * The app's one HTTP client against a real Fastify server that uses the backend's own route
 * registration and error handling: what it does with slow servers, refusals, wrong answers and
 * path parameters.
 */
describe('the API client', () => {
  let app: FastifyInstance;
  let url = '';
  /** Requests the server holds open; answered at the end so the server can close. */
  const held: (() => void)[] = [];
  let seenParams: unknown = null;
  let answer: () => unknown = () => ({});

  beforeAll(async () => {
    app = Fastify({ logger: false });
    installErrorHandling(app, createLogger({ level: 'silent' }));
    // Never answers (until the test ends).
    route(app, API.sso.lookup, () => new Promise((resolve) => held.push(() => resolve({ connectionId: 'late', type: 'oidc', node: 'n' }))));
    // Sends its headers, then stalls in the middle of the body.
    route(app, API.session.me, async (_req, reply) => {
      reply.hijack();
      reply.raw.writeHead(200, { 'content-type': 'application/json' });
      reply.raw.write('{"user":');
      held.push(() => reply.raw.end('null}'));
      return reply;
    });
    // Refuses the way the backend does, with a detail.
    route(app, API.sso.complete, async () => {
      throw new AppError('invalid_response', 'audience: the assertion is for another service provider', { detail: { check: 'audience' } });
    });
    // A refusal with a code this app does not know.
    route(app, API.sso.start, async (_req, reply) => reply.status(418).send({ error: 'teapot', message: 'I am a teapot.' }));
    // Whatever the test sets.
    route(app, API.devices.list, async () => answer() as never);
    route(app, API.devices.remove, async (req) => {
      seenParams = req.params;
      return { ok: true };
    });
    route(app, API.vault.putRecords, async (_req, reply) =>
      reply.status(409).send({ error: 'stale_revision', message: 'Some records changed.', current: [{ id: 'a', revision: 4, envelope: 'e4', deleted: false }] }),
    );
    url = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    for (const release of held) release();
    await app?.close();
  });

  it('gives up on a server that does not answer in time, as backend_unreachable with the reason', async () => {
    const client = createApiClient({ baseUrl: url, timeoutMs: 300 });
    const error = await client.call(API.sso.lookup, { query: { email: 'a@b.test' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'backend_unreachable', detail: { reason: 'timeout' } });
    expect((error as AppError).publicMessage).toContain('did not answer');
  });

  it('gives up on an answer that stalls half-way, too', async () => {
    const client = createApiClient({ baseUrl: url, timeoutMs: 300 });
    await expect(client.call(API.session.me, { token: 't' })).rejects.toMatchObject({ code: 'backend_unreachable', detail: { reason: 'timeout' } });
  });

  it('names a server that cannot be reached at all', async () => {
    const closed = Fastify();
    const gone = await closed.listen({ host: '127.0.0.1', port: 0 });
    await closed.close();
    const error = await createApiClient({ baseUrl: gone }).call(API.devices.list, { token: 't' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'backend_unreachable', detail: { reason: 'network' } });
  });

  it('rethrows a refusal as the same AppError: code, message, status and detail', async () => {
    const error = await createApiClient({ baseUrl: url })
      .call(API.sso.complete, { body: { transactionId: 'tx-0123456789abcdef', callbackUrl: 'http://127.0.0.1:1/cb' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'invalid_response', status: 400, publicMessage: 'audience: the assertion is for another service provider', detail: { check: 'audience' } });
  });

  it('turns a refusal with an unknown code into internal, keeping the status', async () => {
    const error = await createApiClient({ baseUrl: url })
      .call(API.sso.start, { body: { email: 'a@b.test', redirectUri: 'http://127.0.0.1:1/cb' } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'internal', status: 418 });
  });

  it('checks every answer against its schema and refuses one that does not match', async () => {
    const client = createApiClient({ baseUrl: url });
    const device = { id: 'd1', name: 'Laptop', platform: 'linux', createdAt: '2026-01-01T00:00:00.000Z', lastSeenAt: '2026-01-01T00:00:00.000Z', trusted: true, hasPublicKey: false, publicKey: null, current: true };
    answer = () => ({ devices: [device] });
    expect(await client.call(API.devices.list, { token: 't' })).toEqual({ devices: [device] });
    answer = () => ({ devices: [{ ...device, trusted: 'yes' }] });
    const error = await client.call(API.devices.list, { token: 't' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'internal', detail: { endpoint: 'GET /v1/devices' } });
    expect((error as AppError).publicMessage).toContain('devices.0.trusted');
  });

  it('encodes each path parameter as one segment and refuses dot segments before sending', async () => {
    const client = createApiClient({ baseUrl: url });
    await client.call(API.devices.remove, { token: 't', params: { id: 'a/b?c#d %é' } });
    expect(seenParams).toEqual({ id: 'a/b?c#d %é' });
    seenParams = null;
    for (const id of ['..', '.', '']) {
      await expect(client.call(API.devices.remove, { token: 't', params: { id } })).rejects.toMatchObject({ code: 'bad_request' });
    }
    expect(seenParams).toBeNull();
  });

  it('hands back a refusal that carries a body (stale_revision) as an answer', async () => {
    const outcome = await createApiClient({ baseUrl: url }).attempt(API.vault.putRecords, { token: 't', body: { changes: [{ id: 'a', envelope: 'e5', baseRevision: 3 }] } });
    expect(outcome).toEqual({ kind: 'refused', body: { current: [{ id: 'a', revision: 4, envelope: 'e4', deleted: false }] } });
  });
});
