import type { FastifyInstance, FastifyRequest } from 'fastify';
import { API } from '../../api/api';
import { PUSH_TICKET_HEADER } from '../../api/endpoints/push';
import { AppError } from '../../errors/app-error';
import type { createAuthenticate, SessionAuth } from '../http/authenticate';
import type { BackendContext } from '../http/backend-context';
import { queryOf, route } from '../http/route';
import { latestPushSeq, pushEventsAfter, signOutReasonFor, type PushEvent } from './push-events';
import type { PushHub } from './push-hub';
import type { PushTickets } from './push-ticket';

const HEARTBEAT_MS = 15_000;

/**
 * The push channel: `GET /v1/push/stream` (server-sent events, kept open) and
 * `GET /v1/push/poll?after=SEQ` (the fallback where a proxy blocks streams). Both take the
 * session's bearer token; a session that ends is told why on the stream (`signed-out`) and
 * answered 401/403 with its code on the poll.
 */
export function registerPushRoutes(app: FastifyInstance, ctx: BackendContext, authenticate: ReturnType<typeof createAuthenticate>, hub: PushHub, tickets: PushTickets): void {
  /** A poll whose session has ended: with a valid ticket, say why (deactivated, device removed). */
  async function authenticatePoll(req: FastifyRequest): Promise<SessionAuth> {
    try {
      return await authenticate(req);
    } catch (err) {
      const ticket = req.headers[PUSH_TICKET_HEADER];
      if (!(err instanceof AppError) || err.code !== 'session_expired' || typeof ticket !== 'string') throw err;
      const holder = tickets.verify(ticket);
      if (holder === null) throw err;
      const reason = await signOutReasonFor(ctx.store.kysely, holder.userId, holder.deviceId);
      if (reason === 'user_deactivated') throw new AppError('user_deactivated', 'This account has been deactivated by an administrator.');
      if (reason === 'device_removed') throw new AppError('device_removed', 'This device was removed from the account.');
      throw err;
    }
  }

  route(app, API.push.stream, async (req, reply) => {
    const { user, session } = await authenticate(req);
    if (session.deviceId !== null) {
      await ctx.store.kysely.updateTable('devices').set({ last_seen_at: ctx.now().toISOString() }).where('id', '=', session.deviceId).where('user_id', '=', user.id).execute();
    }
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-content-type-options': 'nosniff',
      'x-accel-buffering': 'no',
    });
    let open = true;
    const write = (text: string): void => {
      if (open) raw.write(text);
    };
    const finish = (): void => {
      if (!open) return;
      open = false;
      clearInterval(heartbeat);
      raw.end();
    };
    const heartbeat = setInterval(() => write(': keep-alive\n\n'), HEARTBEAT_MS);
    heartbeat.unref?.();
    const subscription = await hub.subscribe({
      userId: user.id,
      deviceId: session.deviceId,
      tokenHash: session.tokenHash,
      send: (event: PushEvent) => write(`id: ${event.seq}\nevent: push\ndata: ${JSON.stringify(event)}\n\n`),
      end: (reason) => {
        write(`event: signed-out\ndata: ${JSON.stringify({ reason })}\n\n`);
        finish();
      },
      drop: finish,
    });
    const ticket = tickets.issue({ userId: user.id, deviceId: session.deviceId });
    write(`retry: 3000\nevent: ready\ndata: ${JSON.stringify({ cursor: subscription.cursor, ticket })}\n\n`);
    req.raw.on('close', () => {
      subscription.unsubscribe();
      finish();
    });
  });

  route(app, API.push.poll, async (req) => {
    const { user, session } = await authenticatePoll(req);
    const { after } = queryOf(API.push.poll, req);
    const ticket = tickets.issue({ userId: user.id, deviceId: session.deviceId });
    if (after === undefined) return { cursor: await latestPushSeq(ctx.store.kysely), events: [], ticket };
    const rows = await pushEventsAfter(ctx.store.kysely, { after, userId: user.id, limit: 100 });
    const events: PushEvent[] = rows.map((r) => ({ seq: r.seq, type: r.type, payload: r.payload, at: r.at }));
    return { cursor: events.at(-1)?.seq ?? after, events, ticket };
  });
}
