import rateLimit, { normalizeIP, type FastifyRateLimitStore, type FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { AppError } from '../../errors/app-error';
import type { Logger } from '../../log/logger';
import type { RateLimits } from '../config/server-settings-schema';
import type { WindowCounter } from '../store/window-counter';

/**
 * Request limits (@fastify/rate-limit) whose counters live in the database (store/window-counter.ts),
 * so every instance behind a load balancer counts together. Each unauthenticated call of these
 * endpoints writes a login transaction or an audit row; the limits keep that bounded:
 * - per client address, per endpoint: generous (an office behind one NAT signs in at once);
 * - per account where an account's secret is checked: the user of the two-factor endpoints
 *   (codes, security keys, remembered-device secrets; the lockout adds five wrong codes per
 *   quarter hour on top). The admin token is limited per address.
 * Over a limit: 429 `rate_limited` with `Retry-After` (seconds).
 */
type Limited = { readonly group: 'signIn' | 'twoFactor' | 'admin'; readonly perAccount?: true };

function limitedRoute(method: string, url: string): Limited | undefined {
  if (url === '/v1/sso/lookup' && method === 'GET') return { group: 'signIn' };
  if (url === '/v1/sso/start' && method === 'POST') return { group: 'signIn' };
  if (url === '/v1/sso/complete' && method === 'POST') return { group: 'signIn' };
  // The sign-in handover (sso/sign-in-handover.ts): a SAML check, an audit row, or a code to guess.
  if (url.startsWith('/v1/sso/handover') && method === 'POST') return { group: 'signIn' };
  if (url.startsWith('/v1/two-factor')) return { group: 'twoFactor', perAccount: true };
  if (url.startsWith('/v1/admin/')) return { group: 'admin' };
  return undefined;
}

export interface RateLimitDeps {
  readonly limits: RateLimits;
  readonly counter: WindowCounter;
  readonly now: () => Date;
  readonly logger: Logger;
  /** The user behind the request's session token, or null (the route itself then answers 401). */
  readonly sessionUser: (req: FastifyRequest) => Promise<string | null>;
}

/** Call before any route is registered: limits attach to routes as they are added. */
export async function installRateLimits(app: FastifyInstance, deps: RateLimitDeps): Promise<void> {
  const windowMs = deps.limits.windowSeconds * 1000;
  await app.register(rateLimit, { global: false, store: databaseStore(deps), timeWindow: windowMs });

  const ipLimiter = (group: Limited['group'], url: string, max: number) =>
    app.createRateLimit({ max, timeWindow: windowMs, keyGenerator: (req) => `rl:${group}:${url}:ip:${normalizeIP(req.ip)}` });
  const accountLimiter = (group: Limited['group'], max: number, account: (req: FastifyRequest) => Promise<string | null>) =>
    app.createRateLimit({
      max,
      timeWindow: windowMs,
      // No account named: nothing to count per account (the per-address limit still applies).
      allowList: async (_req, key) => key === '',
      keyGenerator: async (req) => {
        const who = await account(req);
        return who === null ? '' : `rl:${group}:account:${who}`;
      },
    });

  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const limited = methods.map((m) => limitedRoute(m, route.url)).find((l) => l !== undefined);
    if (limited === undefined) return;
    const settings = deps.limits[limited.group];
    // Per address before the body is even parsed; per account once the session is known.
    appendHook(route, 'onRequest', enforce(ipLimiter(limited.group, route.url, settings.perIp)));
    if (limited.perAccount && 'perAccount' in settings) {
      appendHook(route, 'preHandler', enforce(accountLimiter(limited.group, settings.perAccount, deps.sessionUser)));
    }
  });
}

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;

function enforce(limiter: Limiter) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const result = await limiter(req);
    if (result.isAllowed || !result.isExceeded) return;
    const seconds = Math.max(1, result.ttlInSeconds);
    void reply.header('retry-after', String(seconds));
    throw new AppError('rate_limited', `Too many requests. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`);
  };
}

function appendHook(route: RouteOptions, hook: 'onRequest' | 'preHandler', handler: (req: FastifyRequest, reply: FastifyReply) => Promise<void>): void {
  const existing = route[hook];
  const list = existing === undefined ? [] : Array.isArray(existing) ? existing : [existing];
  // Limits run first: a refused request does no other work.
  (route as unknown as Record<string, unknown>)[hook] = [handler, ...list];
}

/** A @fastify/rate-limit store on the shared counters table. */
function databaseStore(deps: RateLimitDeps): FastifyRateLimitStoreCtor {
  const SWEEP_MS = 60_000;
  let lastSweep = 0;
  const sweep = (now: Date) => {
    if (now.getTime() - lastSweep < SWEEP_MS) return;
    lastSweep = now.getTime();
    deps.counter.deleteExpired(now).catch((err: unknown) => deps.logger.warn({ err }, 'rate-limit counters: sweep failed'));
  };
  return class DatabaseRateLimitStore implements FastifyRateLimitStore {
    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      const now = deps.now();
      deps.counter.hit(key, timeWindow, now).then(
        ({ hits, windowEndsAt }) => {
          sweep(now);
          callback(null, { current: hits, ttl: Math.max(0, windowEndsAt.getTime() - now.getTime()) });
        },
        (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
      );
    }
    child(): FastifyRateLimitStore {
      return this;
    }
  };
}
