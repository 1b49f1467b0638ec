import { AppError } from '../errors/app-error';
import type { Logger } from '../log/logger';
import { API } from '../api/api';
import type { ApiClient } from '../api/api-client';
import type { ResultOf } from '../api/endpoint';
import type { LoopbackPage } from './loopback-page';
import { startLoopbackServer, type LoopbackRequest, type LoopbackServer } from './loopback-server';
import { isOpenableIdpUrl } from './openable-url';
import { NOT_FOUND_PAGE, failPage, refusedPage } from './sign-in-pages';
import type { SignInFlow } from './sign-in-flow';
import type { StartedConnectionTest } from '../../preload/channels/admin-channels';

export type ConnectionTestReport = ResultOf<typeof API.admin.completeConnectionTest>;

export interface ConnectionTestFlow {
  /** Starts a test sign-in of the connection with this administrator's session and opens the browser. */
  start(connectionId: string, token: string): Promise<StartedConnectionTest>;
  /** The report, once the IdP answered and the backend checked it (single use). */
  result(testId: string): Promise<ConnectionTestReport>;
  /** Gives the waiting test up: its loopback address stops answering, `result` is refused. */
  cancel(testId: string): Promise<void>;
  close(): Promise<void>;
}

interface Pending {
  readonly testId: string;
  readonly token: string;
  readonly expectedState: string | null;
  readonly report: Promise<ConnectionTestReport>;
  readonly settle: (outcome: { report: ConnectionTestReport } | { error: unknown }) => void;
  readonly cleanup: () => Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 5 * 60_000;

const TESTED_PAGE: LoopbackPage = {
  status: 200,
  title: 'Test sign-in finished',
  message: 'Nobody was signed in. Return to Keyhaven to see what the identity provider sent and the result of each check.',
};

/**
 * An administrator's "Test sign-in" (RFC 8252 loopback, as a sign-in): the same loopback
 * servers carry the IdP's answer — OIDC on an ephemeral port of its own, SAML through the
 * sign-in flow's fixed-port ACS, diverted by RelayState — but it is relayed, with the
 * administrator's session, to the test endpoint, which signs nobody in and answers what it
 * checked. The app's own session, sign-in state and keychain are never touched. One test at a
 * time; each is single use and expires.
 */
export function createConnectionTestFlow(deps: {
  readonly backend: ApiClient;
  readonly logger: Logger;
  readonly openExternal: (url: string) => Promise<void | boolean>;
  readonly signIn: Pick<SignInFlow, 'listenForSaml' | 'divertSaml'>;
  readonly timeoutMs?: number;
}): ConnectionTestFlow {
  const log = deps.logger.child({ scope: 'connection-test' });
  let pending: Pending | null = null;
  /** The last test started: its report stays readable after the answer came. */
  let latest: Pending | null = null;

  async function relay(p: Pending, body: { callbackUrl: string } | { samlResponse: string; relayState?: string; browser?: { origin?: string; referer?: string } }): Promise<LoopbackPage> {
    if (pending !== p) return failPage(new AppError('transaction_not_found', 'This test sign-in was already finished or cancelled.'));
    pending = null;
    try {
      const report = await deps.backend.call(API.admin.completeConnectionTest, { token: p.token, params: { testId: p.testId }, body });
      p.settle({ report });
      return TESTED_PAGE;
    } catch (err) {
      if (!(err instanceof AppError)) log.error({ err }, 'test sign-in relay failed');
      p.settle({ error: err });
      return refusedPage(err);
    } finally {
      void p.cleanup();
    }
  }

  async function cancelPending(reason: AppError): Promise<void> {
    const p = pending;
    pending = null;
    if (p === null) return;
    p.settle({ error: reason });
    await p.cleanup();
  }

  return {
    async start(connectionId, token) {
      await cancelPending(new AppError('sign_in_cancelled', 'Another test sign-in was started.'));
      const { type } = await deps.backend.call(API.sso.lookup, { query: { connection: connectionId } });
      let server: LoopbackServer | null = null;
      let redirectUri: string;
      // Set once the test exists: the handlers below only act on it.
      let self: Pending | null = null;
      if (type === 'oidc') {
        server = await startLoopbackServer({
          ports: [0],
          hostName: '127.0.0.1',
          async handle(request: LoopbackRequest) {
            if (request.url.pathname !== '/sso/oidc/callback' || request.method !== 'GET') return NOT_FOUND_PAGE;
            const p = self;
            if (p === null || pending !== p) return failPage(new AppError('transaction_not_found', 'This test sign-in was already finished or cancelled.'));
            // Any web page can reach a loopback port: an answer of another state ends nothing.
            if (request.url.searchParams.get('state') !== p.expectedState) return failPage(new AppError('invalid_response', 'state: the answer does not belong to this test sign-in.'));
            return relay(p, { callbackUrl: request.url.toString() });
          },
        });
        redirectUri = `${server.origin}/sso/oidc/callback`;
      } else {
        redirectUri = `http://localhost:${await deps.signIn.listenForSaml()}/sso/saml/${connectionId}/acs`;
      }
      let started: ResultOf<typeof API.admin.testConnection>;
      try {
        started = await deps.backend.call(API.admin.testConnection, { token, params: { id: connectionId }, body: { redirectUri } });
        if (!isOpenableIdpUrl(started.authorizationUrl)) throw new AppError('idp_error', 'The sign-in page address is not a web address Keyhaven may open.');
      } catch (err) {
        await server?.close();
        throw err;
      }
      let settle: Pending['settle'] = () => undefined;
      const report = new Promise<ConnectionTestReport>((resolve, reject) => {
        settle = (outcome) => ('report' in outcome ? resolve(outcome.report) : reject(outcome.error));
      });
      // Nobody may be waiting yet: a failure must not surface as an unhandled rejection.
      report.catch(() => undefined);
      const undivert =
        type === 'saml'
          ? deps.signIn.divertSaml(started.testId, async (request) => {
              if (request.method !== 'POST' || request.url.pathname !== `/sso/saml/${connectionId}/acs`) return NOT_FOUND_PAGE;
              const p = self;
              if (p === null) return NOT_FOUND_PAGE;
              const form = new URLSearchParams(request.body);
              const samlResponse = form.get('SAMLResponse');
              if (!samlResponse) return failPage(new AppError('invalid_response', 'encoding: no SAMLResponse in the request.'));
              const browser = { ...(request.origin ? { origin: request.origin } : {}), ...(request.referer ? { referer: request.referer } : {}) };
              return relay(p, { samlResponse, relayState: started.testId, browser });
            })
          : () => undefined;
      const timer = setTimeout(() => {
        if (pending === self) void cancelPending(new AppError('sign_in_timeout', 'The test sign-in was not finished in time. Start it again when you are ready.'));
      }, deps.timeoutMs ?? DEFAULT_TIMEOUT_MS);
      timer.unref?.();
      self = {
        testId: started.testId,
        token,
        expectedState: type === 'oidc' ? new URL(started.authorizationUrl).searchParams.get('state') : null,
        report,
        settle,
        cleanup: async () => {
          clearTimeout(timer);
          undivert();
          await server?.close();
        },
      };
      pending = self;
      latest = self;
      const browser = await deps.openExternal(started.authorizationUrl).then(
        (opened) => (opened === true ? 'opened' : opened === false ? 'failed' : 'unknown'),
        (err: unknown) => {
          log.warn({ err }, 'the system browser could not be opened');
          return 'failed' as const;
        },
      );
      return { testId: started.testId, protocol: started.protocol, authorizationUrl: started.authorizationUrl, expiresAt: started.expiresAt, browser };
    },

    async result(testId) {
      const p = latest;
      if (p === null || p.testId !== testId) throw new AppError('transaction_not_found', 'No test sign-in with this id was started here.');
      return p.report;
    },

    async cancel(testId) {
      if (pending?.testId === testId) await cancelPending(new AppError('sign_in_cancelled', 'You cancelled the test sign-in. Nothing was changed.'));
    },

    async close() {
      await cancelPending(new AppError('sign_in_cancelled', 'Keyhaven is closing.'));
    },
  };
}

