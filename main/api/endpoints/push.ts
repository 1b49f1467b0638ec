import { z } from 'zod';
import { endpoint } from '../endpoint';

/** An event as the push channel carries it: a hint (ids only); the receiver reads the state itself. */
export const pushMessageSchema = z.object({ seq: z.number().int(), type: z.string(), payload: z.record(z.string(), z.string()), at: z.string() });

/** The header a poll sends its ticket in, so an ended session still learns why. */
export const PUSH_TICKET_HEADER = 'x-keyhaven-push-ticket';

const ended = ['unauthorized', 'session_expired', 'user_deactivated', 'device_removed'] as const;

/** The push channel (`/v1/push/*`): a server-sent event stream, and polling where a proxy blocks it. */
export const pushEndpoints = {
  /** `ready {cursor, ticket}`, then `push` events, a comment every 15 s, and `signed-out {reason}`. */
  stream: endpoint({ method: 'GET', path: '/v1/push/stream', auth: 'session', response: 'event-stream', errors: ended }),
  /** Without `after`: the current cursor and no events. */
  poll: endpoint({
    method: 'GET',
    path: '/v1/push/poll',
    auth: 'session',
    query: z.object({ after: z.coerce.number().int().min(0).optional() }).strict(),
    response: z.object({ cursor: z.number().int(), events: z.array(pushMessageSchema), ticket: z.string() }),
    errors: ended,
  }),
} as const;
