import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import { AppError } from '../../errors/app-error';
import { createLogger, type Logger } from '../../log/logger';
import type { TenantConfig } from '../config/tenant-config';
import { createOidcRelyingParty } from '../oidc/oidc-relying-party';
import { createSamlSignIn } from '../sso/saml-sign-in';
import { createSignInService } from '../sso/sign-in-service';
import { openStore } from '../store/open-store';
import { registerTwoFactorRoutes } from '../two-factor/two-factor-routes';
import { createTwoFactorService } from '../two-factor/two-factor-service';
import { createAccessGate } from './access-gate';
import { hashToken } from '../sessions/session-token';
import { createWindowCounter } from '../store/window-counter';
import { bearerToken } from './authenticate';
import { installRateLimits } from './rate-limits';
import type { Store } from '../store/store';
import { createAuthenticate } from './authenticate';
import type { BackendContext } from './backend-context';
import { answerClientError, answerFrameworkError, installErrorHandling } from './error-handling';
import { installNulCharacterGuard } from './nul-character-guard';
import { registerAdminRoutes } from './routes/admin-routes';
import { registerAdminAreaRoutes } from './routes/admin-area-routes';
import { createConnectionTests } from '../admin/connection-test';
import { registerHealthRoutes } from './routes/health-routes';
import { registerOnboardingRoutes } from './routes/onboarding-routes';
import { registerSamlRoutes } from './routes/saml-routes';
import { registerScimRoutes } from './routes/scim-routes';
import { registerSessionRoutes } from './routes/session-routes';
import { registerSsoRoutes } from './routes/sso-routes';
import { registerVaultRoutes } from './routes/vault-routes';
import { registerDeviceRoutes } from '../devices/device-routes';
import { registerRecoveryRoutes } from '../devices/recovery-routes';
import { purgeVaultArchives } from '../devices/admin-approval-store';
import { createPushHub } from '../push/push-hub';
import { registerPushRoutes } from '../push/push-routes';
import { createPushTickets } from '../push/push-ticket';
import { syncWebhookSubscriptions } from '../webhooks/webhook-outbox';
import { createWebhookWorker } from '../webhooks/webhook-worker';
import { createSyslogWorker } from '../syslog/syslog-worker';
import { collectStartupGarbage } from '../../process/heap-settings';

export const DEFAULT_BODY_LIMIT = 256 * 1024;
const SUBSCRIPTION_REFRESH_MS = 5000;

export interface BackendOptions {
  readonly config: TenantConfig;
  /** SQLite file path, or a postgres:// URL. */
  readonly db: string;
  readonly logger?: Logger;
  /** Overrides config.publicUrl; else the address the server listens on. */
  readonly publicUrl?: string;
  readonly now?: () => Date;
  readonly loopbackAcsPorts?: readonly number[];
  /** 32+ bytes kept apart from the database; seals TOTP seeds (two-factor/secret-key.ts says where each host gets it). */
  readonly secretKey: Buffer;
  /** WebAuthn origins and RP IDs: the packaged app's, plus the web host's where it runs. */
  readonly webauthnRelyingParties?: readonly { origin: string; rpId: string }[];
  /** How often this instance looks for webhook and syslog deliveries that are due (default 1 s). */
  readonly webhookPollMs?: number;
  /** How often this instance reads the shared push events for its connected apps (default 0.5 s). */
  readonly pushRoundMs?: number;
  /** How often this instance re-reads which event types are forwarded, for other instances' changes (default 5 s). */
  readonly subscriptionRefreshMs?: number;
  /** Sees every SQL statement this instance sends (tests and benches count round trips). */
  readonly onQuery?: (sql: string) => void;
}

export const PACKAGED_APP_RELYING_PARTY = { origin: 'app://keyhaven', rpId: 'keyhaven' } as const;

export interface Backend {
  readonly app: FastifyInstance;
  readonly store: Store;
  /** Every route this instance serves (method and Fastify path), for the contract test of main/api. */
  readonly routes: readonly { readonly method: string; readonly url: string }[];
  /** Starts listening; returns the base URL (e.g. http://127.0.0.1:8443). */
  listen(o: { host: string; port: number }): Promise<string>;
  close(): Promise<void>;
}

const OPTIMIZE_EVERY_MS = 60 * 60 * 1000;

/** The composition root of one backend instance. Many may run in one process. */
export async function createBackend(opts: BackendOptions): Promise<Backend> {
  const logger = (opts.logger ?? createLogger()).child({ scope: 'backend' });
  const now = opts.now ?? (() => new Date());
  const store = await openStore(opts.db, opts.onQuery === undefined ? {} : { onQuery: opts.onQuery });
  // Reset vaults are kept for their retention period (devices/admin-approval-store.ts), then go.
  await purgeVaultArchives(store.kysely, now());
  let listenUrl: string | null = null;
  const publicUrl = (): string => {
    const url = opts.publicUrl ?? opts.config.publicUrl ?? listenUrl;
    if (url === null) throw new AppError('config_invalid', 'The backend has no public URL yet (set publicUrl or listen first).');
    return url.replace(/\/+$/, '');
  };

  const saml = createSamlSignIn({
    config: opts.config,
    store,
    now,
    publicUrl,
    loopbackAcsPorts: opts.loopbackAcsPorts ?? opts.config.saml.loopbackAcsPorts,
  });
  const oidc = createOidcRelyingParty();
  const signIn = createSignInService({ config: opts.config, store, logger, now, oidc, saml });
  const ctx: BackendContext = { config: opts.config, store, logger, now, publicUrl, signIn };
  const twoFactor = createTwoFactorService({
    repository: store.twoFactor,
    secretKey: opts.secretKey,
    relyingParties: opts.webauthnRelyingParties ?? relyingPartiesFromEnv(process.env),
    clock: now,
  });
  const gate = createAccessGate(ctx, twoFactor);

  // Only the configured load balancers may name the client (X-Forwarded-For); anyone else's
  // header is ignored, so the IP allowlist and the per-address limits see the real peer.
  const trustedProxies = opts.config.server.trustedProxies;
  const app = Fastify({
    bodyLimit: DEFAULT_BODY_LIMIT,
    logger: false,
    trustProxy: trustedProxies.length > 0 ? [...trustedProxies] : false,
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
  });
  const routes: { method: string; url: string }[] = [];
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) routes.push({ method, url: r.url });
  });
  installErrorHandling(app, logger);
  installNulCharacterGuard(app);
  await installRateLimits(app, {
    limits: opts.config.rateLimits,
    counter: createWindowCounter(store.kysely),
    now,
    logger,
    async sessionUser(req) {
      const token = bearerToken(req);
      return token === null ? null : ((await store.sessions.findValid(hashToken(token), now()))?.userId ?? null);
    },
  });
  await app.register(formbody, { bodyLimit: DEFAULT_BODY_LIMIT });
  app.addHook('onSend', async (_req, reply, payload) => {
    // Answers carry sessions, keys and personal data: never cache them.
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    reply.header('x-content-type-options', 'nosniff');
    return payload;
  });

  const push = createPushHub({ db: store.kysely, now, logger, ...(opts.pushRoundMs === undefined ? {} : { tickMs: opts.pushRoundMs }) });
  // A change answered by this instance reaches the apps connected here at once, not at the next
  // round (a new device's approval request, the answer to it, a removed device's signing out).
  app.addHook('onResponse', async (req, reply) => {
    if (req.method !== 'GET' && req.method !== 'HEAD' && reply.statusCode < 400) push.nudge();
  });

  const authenticate = createAuthenticate({ store, now });
  registerHealthRoutes(app);
  registerSsoRoutes(app, ctx);
  registerSamlRoutes(app, ctx, saml);
  registerScimRoutes(app, ctx);
  registerAdminRoutes(app, ctx);
  registerAdminAreaRoutes(app, ctx, authenticate, gate, createConnectionTests({ config: opts.config, store, logger, now, oidc, saml }));
  registerSessionRoutes(app, ctx, authenticate, gate);
  registerVaultRoutes(app, ctx, authenticate, gate);
  registerOnboardingRoutes(app, ctx, authenticate, gate);
  registerDeviceRoutes(app, ctx, authenticate, gate);
  registerRecoveryRoutes(app, ctx, authenticate, gate);
  registerPushRoutes(app, ctx, authenticate, push, createPushTickets(opts.secretKey, now));
  // Open event streams would keep close() waiting: end them first (apps reconnect elsewhere).
  app.addHook('preClose', async () => push.close());
  registerTwoFactorRoutes(app, ctx, authenticate, twoFactor);
  await app.ready();
  // Per-connection SAML set-up (metadata, keys, compiled schema) belongs to start-up, not to
  // the first person signing in; without a configured public URL it waits for listen().
  if ((opts.publicUrl ?? opts.config.publicUrl ?? null) !== null) await saml.prepare();
  // One outbox for both kinds of destination; a syslog collector's rows carry its key (`syslog:<id>`).
  await syncWebhookSubscriptions(store.kysely, [...opts.config.webhooks, ...opts.config.syslog.map((d) => ({ id: d.key, events: d.events }))]);
  await store.outboxSubscribers.refresh();
  // Another instance's start may add destinations (webhooks/outbox-subscribers.ts).
  const subscribersTimer = setInterval(() => {
    store.outboxSubscribers.refresh().catch((err: unknown) => logger.warn({ err }, 'could not re-read the event subscriptions'));
  }, opts.subscriptionRefreshMs ?? SUBSCRIPTION_REFRESH_MS);
  subscribersTimer.unref();
  const pollMs = opts.webhookPollMs ? { pollMs: opts.webhookPollMs } : {};
  const webhooks = createWebhookWorker({ db: store.kysely, dialect: store.dialect, hooks: opts.config.webhooks, now, logger, ...pollMs });
  const syslog = createSyslogWorker({ db: store.kysely, dialect: store.dialect, destinations: opts.config.syslog, now, logger, ...pollMs });
  // The planner's statistics follow the data (store.ts `optimize`); unref'd, it never holds the process.
  const optimizer = setInterval(() => {
    store.optimize().catch((err: unknown) => logger.warn({ err }, 'store: refreshing planner statistics failed'));
  }, OPTIMIZE_EVERY_MS);
  optimizer.unref();

  // What the start made is collected as part of the start, not inside the first request.
  collectStartupGarbage();

  let closed = false;
  return {
    app,
    store,
    routes,
    async listen(o) {
      await app.listen({ host: o.host, port: o.port });
      const address = app.server.address();
      if (address === null || typeof address === 'string') throw new Error('unexpected server address');
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      listenUrl = `http://${host}:${address.port}`;
      await saml.prepare();
      return listenUrl;
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(subscribersTimer);
      clearInterval(optimizer);
      await webhooks.close();
      await syslog.close();
      await app.close();
      await store.close();
    },
  };
}

/** `KEYHAVEN_WEBAUTHN_ORIGINS=origin|rpId,…` adds relying parties (e.g. a web host) to the packaged app's. */
function relyingPartiesFromEnv(env: Readonly<Record<string, string | undefined>>): { origin: string; rpId: string }[] {
  const extra = (env.KEYHAVEN_WEBAUTHN_ORIGINS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((pair) => {
      const [origin = '', rpId = ''] = pair.split('|');
      return { origin, rpId: rpId || new URL(origin).hostname };
    });
  return [PACKAGED_APP_RELYING_PARTY, ...extra];
}
