import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../../errors/app-error';
import { auditSignInFailure } from '../../sso/sign-in-failure-audit';
import { deviceSchema } from '../../sso/sign-in-service';
import type { BackendContext } from '../backend-context';
import { parseInput } from '../parse-input';

const lookupQuery = z.object({
  email: z.string().min(1).max(320).optional(),
  domain: z.string().min(1).max(253).optional(),
  connection: z.string().regex(/^[a-z0-9-]+$/).max(64).optional(),
});

const connectionId = z.string().regex(/^[a-z0-9-]+$/).max(64);

// The contract's {email, redirectUri}; or connectionId (a managed `ssoConnection`), with email as a hint.
const startBody = z
  .object({ email: z.string().min(1).max(320).optional(), connectionId: connectionId.optional(), redirectUri: z.string().min(1).max(2048), device: deviceSchema.optional() })
  .strict()
  .refine((b) => b.email !== undefined || b.connectionId !== undefined, { message: 'give email or connectionId', path: ['email'] });

const transactionId = z.string().min(16).max(128).regex(/^[\w-]+$/);
const samlResponse = z.string().min(1).max(200_000);

const oidcComplete = z.object({ transactionId, callbackUrl: z.string().min(1).max(8192) }).strict();
/** Origin/Referer of the browser POST the app's loopback ACS received, relayed for the poster check. */
const browserHeaders = z.object({ origin: z.string().max(2048).optional(), referer: z.string().max(4096).optional() }).strict();
const samlComplete = z
  .object({
    connectionId,
    samlResponse,
    transactionId: transactionId.optional(),
    relayState: z.string().max(1024).optional(),
    browser: browserHeaders.optional(),
    /** This device, for an IdP-initiated response (an SP-initiated one has it in its transaction). */
    device: deviceSchema.optional(),
  })
  .strict();

const handoverCode = z.string().min(16).max(128).regex(/^[\w-]+$/);
const handoverInspect = z.object({ code: handoverCode }).strict();
const handoverRedeem = z.object({ code: handoverCode, device: deviceSchema.optional() }).strict();
const handoverDecline = z.object({ code: handoverCode, reason: z.enum(['declined', 'superseded']) }).strict();

export function registerSsoRoutes(app: FastifyInstance, ctx: BackendContext): void {
  app.get('/v1/sso/lookup', async (req) => {
    const q = parseInput(lookupQuery, req.query, 'query');
    if (q.connection !== undefined) return ctx.signIn.lookupConnection(q.connection);
    const value = q.email ?? q.domain;
    if (value === undefined) throw new AppError('bad_request', 'Give ?email= (an email address or a domain) or ?connection= (a connection id).');
    try {
      return ctx.signIn.lookup(value);
    } catch (error) {
      await auditSignInFailure(ctx, { stage: 'lookup', error, email: value, clientIp: req.ip, connectionId: null });
      throw error;
    }
  });

  app.post('/v1/sso/start', async (req) => {
    const body = parseInput(startBody, req.body, 'body');
    try {
      return await ctx.signIn.start(body);
    } catch (error) {
      await auditSignInFailure(ctx, { stage: 'start', error, email: body.email ?? null, clientIp: req.ip, connectionId: body.connectionId ?? null });
      throw error;
    }
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

  // Sign-in handover (main/backend/sso/sign-in-handover.ts): a checked SAML response becomes a
  // one-time code the app redeems once the person confirmed the account; codes travel in bodies only.
  app.post('/v1/sso/handover', async (req) => ctx.signIn.handoverSaml({ ...parseInput(samlComplete, req.body, 'body'), clientIp: req.ip }));
  app.post('/v1/sso/handover/inspect', async (req) => ctx.signIn.inspectHandover(parseInput(handoverInspect, req.body, 'body').code));
  app.post('/v1/sso/handover/redeem', async (req) => ctx.signIn.redeemHandover({ ...parseInput(handoverRedeem, req.body, 'body'), clientIp: req.ip }));
  app.post('/v1/sso/handover/decline', async (req) => {
    await ctx.signIn.declineHandover(parseInput(handoverDecline, req.body, 'body'));
    return { declined: true };
  });
}
