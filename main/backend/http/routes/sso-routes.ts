import type { FastifyInstance } from 'fastify';
import { oidcCompleteBody, samlRelayBody } from '../../../api/endpoints/sso';
import { API } from '../../../api/api';
import { AppError } from '../../../errors/app-error';
import { auditSignInFailure } from '../../sso/sign-in-failure-audit';
import type { BackendContext } from '../backend-context';
import { parseInput } from '../parse-input';
import { bodyOf, queryOf, route } from '../route';

const E = API.sso;

export function registerSsoRoutes(app: FastifyInstance, ctx: BackendContext): void {
  route(app, E.lookup, async (req) => {
    const q = queryOf(E.lookup, req);
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

  route(app, E.start, async (req) => {
    const body = bodyOf(E.start, req);
    try {
      return await ctx.signIn.start(body);
    } catch (error) {
      await auditSignInFailure(ctx, { stage: 'start', error, email: body.email ?? null, clientIp: req.ip, connectionId: body.connectionId ?? null });
      throw error;
    }
  });

  // OIDC: {transactionId, callbackUrl}; SAML (relayed from the app's loopback ACS):
  // {connectionId, samlResponse, transactionId?, relayState?}.
  route(app, E.complete, async (req) => {
    const raw = (req.body ?? {}) as Record<string, unknown>;
    if (typeof raw === 'object' && raw !== null && 'samlResponse' in raw) {
      return ctx.signIn.completeSaml({ ...parseInput(samlRelayBody, raw, 'body'), clientIp: req.ip });
    }
    return ctx.signIn.completeOidc({ ...parseInput(oidcCompleteBody, raw, 'body'), clientIp: req.ip });
  });

  // Sign-in handover (main/backend/sso/sign-in-handover.ts): a checked SAML response becomes a
  // one-time code the app redeems once the person confirmed the account; codes travel in bodies only.
  route(app, E.handover, async (req) => ctx.signIn.handoverSaml({ ...bodyOf(E.handover, req), clientIp: req.ip }));
  route(app, E.inspectHandover, async (req) => ctx.signIn.inspectHandover(bodyOf(E.inspectHandover, req).code));
  route(app, E.redeemHandover, async (req) => ctx.signIn.redeemHandover({ ...bodyOf(E.redeemHandover, req), clientIp: req.ip }));
  route(app, E.declineHandover, async (req) => {
    await ctx.signIn.declineHandover(bodyOf(E.declineHandover, req));
    return { declined: true };
  });
}
