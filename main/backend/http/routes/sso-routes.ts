import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../../errors/app-error';
import { deviceSchema } from '../../sso/sign-in-service';
import type { BackendContext } from '../backend-context';
import { parseInput } from '../parse-input';

const lookupQuery = z.object({ email: z.string().min(1).max(320).optional(), domain: z.string().min(1).max(253).optional() });

const startBody = z
  .object({ email: z.string().min(1).max(320), redirectUri: z.string().min(1).max(2048), device: deviceSchema.optional() })
  .strict();

const transactionId = z.string().min(16).max(128).regex(/^[\w-]+$/);
const samlResponse = z.string().min(1).max(200_000);

const oidcComplete = z.object({ transactionId, callbackUrl: z.string().min(1).max(8192) }).strict();
const samlComplete = z
  .object({
    connectionId: z.string().regex(/^[a-z0-9-]+$/).max(64),
    samlResponse,
    transactionId: transactionId.optional(),
    relayState: z.string().max(1024).optional(),
  })
  .strict();

export function registerSsoRoutes(app: FastifyInstance, ctx: BackendContext): void {
  app.get('/v1/sso/lookup', async (req) => {
    const q = parseInput(lookupQuery, req.query, 'query');
    const value = q.email ?? q.domain;
    if (value === undefined) throw new AppError('bad_request', 'Give ?email= (an email address or a domain).');
    return ctx.signIn.lookup(value);
  });

  app.post('/v1/sso/start', async (req) => {
    const body = parseInput(startBody, req.body, 'body');
    return ctx.signIn.start(body);
  });

  // OIDC: {transactionId, callbackUrl}; SAML (relayed from the app's loopback ACS):
  // {connectionId, samlResponse, transactionId?, relayState?}.
  app.post('/v1/sso/complete', async (req) => {
    const raw = (req.body ?? {}) as Record<string, unknown>;
    if (typeof raw === 'object' && raw !== null && 'samlResponse' in raw) {
      return ctx.signIn.completeSaml({ ...parseInput(samlComplete, raw, 'body'), clientIp: req.ip });
    }
    return ctx.signIn.completeOidc({ ...parseInput(oidcComplete, raw, 'body'), clientIp: req.ip });
  });
}
