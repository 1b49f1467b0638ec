import { AppError, toErrorBody } from '../errors/app-error';
import type { Logger } from '../log/logger';
import type { SessionView, SignInState } from '../../preload/contract';
import { API } from '../api/api';
import type { ApiClient } from '../api/api-client';
import type { CompleteRequest, DeviceInfo, HandoverOffer, SamlRelay, SignInAnswer } from '../api/endpoints/sso';
import { createHandoverConfirmation } from './handover-confirmation';
import type { LoopbackPage } from './loopback-page';
import { startLoopbackServer, type LoopbackRequest, type LoopbackServer } from './loopback-server';
import { isOpenableIdpUrl } from './openable-url';
import { CONFIRM_IN_APP_PAGE, NOT_FOUND_PAGE, SIGNED_IN_PAGE, failPage, refusedPage } from './sign-in-pages';
import { resolveSignInTarget, type SignInTarget } from './sign-in-target';

export interface SignInFlowDeps {
  readonly backend: ApiClient;
  readonly logger: Logger;
  /**
   * Opens the system browser (Electron: shell.openExternal; web host: recorded for tests).
   * true: opened; false or a throw: not opened; nothing: the host cannot tell.
   */
  readonly openExternal: (url: string) => Promise<void | boolean>;
  /** Stores the session and builds what the renderer sees. */
  readonly onSignedIn: (answer: SignInAnswer) => Promise<SessionView>;
  readonly emit: (state: SignInState) => void;
  readonly bringToFront: () => void;
  /** Whether a session is active: an unsolicited sign-in must then be confirmed by the person. */
  readonly signedIn: () => Promise<boolean>;
  readonly device: () => DeviceInfo;
  /**
   * The managed `ssoConnection`: every sign-in goes through exactly this connection, and what the
   * person typed (when an email) is only the IdP's login hint.
   */
  readonly connectionId?: string;
  /** Fixed ports for the SAML ACS (IdPs register a fixed URL); tried in order. */
  readonly samlAcsPorts: readonly number[];
  readonly timeoutMs?: number;
  readonly now?: () => number;
}

interface Pending {
  readonly transactionId: string;
  readonly email: string;
  readonly type: 'saml' | 'oidc';
  readonly connectionId: string;
  readonly authorizationUrl: string;
  readonly expectedState: string | null;
  readonly expiresAt: number;
  readonly timer: NodeJS.Timeout;
  readonly oidcServer: LoopbackServer | null;
}

export interface SignInFlow {
  start(target: SignInTarget): Promise<SignInState>;
  reopen(): Promise<boolean>;
  cancel(): Promise<SignInState>;
  /** The person's answer to "Sign in as …?" (state `confirm`). */
  confirm(accept: boolean): Promise<SignInState>;
  /** A `keyhaven://handover?code=…` link: always shown to the person for confirmation first. */
  receiveHandover(code: string): Promise<SignInState>;
  state(): SignInState;
  /** The SAML ACS port actually bound (null until started). */
  samlAcsPort(): number | null;
  /** Starts the fixed-port SAML ACS so IdP-initiated responses reach us. */
  listenForSaml(): Promise<number>;
  /**
   * Hands the SAML responses whose RelayState is `relayState` to `handle` instead of any
   * sign-in (an administrator's test sign-in, connection-test-flow.ts) until the returned
   * function is called.
   */
  divertSaml(relayState: string, handle: (request: LoopbackRequest) => Promise<LoopbackPage>): () => void;
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 5 * 60_000;
const SAML_ACS_PATH = /^\/sso\/saml\/([a-z0-9-]+)\/acs$/;

/**
 * The app's half of SSO (RFC 8252): one sign-in at a time, each single-use and expiring; the
 * loopback servers relay what the IdP sent, unchanged, to the backend, which does every check.
 */
export function createSignInFlow(deps: SignInFlowDeps): SignInFlow {
  const log = deps.logger.child({ scope: 'sign-in' });
  const now = deps.now ?? Date.now;
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let current: SignInState = { kind: 'idle' };
  let pending: Pending | null = null;
  /** Transactions this run has seen; a response naming one that is no longer pending is a replay. */
  const finished = new Set<string>();
  let samlServer: LoopbackServer | null = null;
  const diverted = new Map<string, (request: LoopbackRequest) => Promise<LoopbackPage>>();
  const confirmation = createHandoverConfirmation({ backend: deps.backend, log, now, show: (state) => setState(state), waiting: () => pending !== null });

  function setState(state: SignInState): SignInState {
    // The question stays on screen; what happened meanwhile shows once it is answered.
    if (confirmation.hold(state)) return current;
    current = state;
    deps.emit(state);
    return state;
  }

  function askToConfirm(offer: HandoverOffer, source: 'identity-provider' | 'link'): SignInState {
    const state = confirmation.ask(offer, source, current);
    deps.bringToFront();
    return state;
  }

  async function finish(): Promise<void> {
    const done = pending;
    pending = null;
    if (!done) return;
    clearTimeout(done.timer);
    finished.add(done.transactionId);
    // Not awaited: the request that finished the sign-in is still being answered on it.
    void done.oidcServer?.close();
  }

  async function fail(err: unknown): Promise<void> {
    await finish();
    const body = toErrorBody(err);
    setState({ kind: 'failed', error: { code: body.error, message: body.message } });
  }

  async function relay(request: CompleteRequest, origin: 'ours' | 'unsolicited' = 'ours'): Promise<LoopbackPage> {
    try {
      const answer = await deps.backend.call(API.sso.complete, { body: request });
      const session = await deps.onSignedIn(answer);
      await finish();
      confirmation.drop('superseded');
      setState({ kind: 'signed-in', session });
      deps.bringToFront();
      return SIGNED_IN_PAGE;
    } catch (err) {
      if (!(err instanceof AppError)) log.error({ err }, 'sign-in relay failed');
      // Any web page can post a form to the loopback ACS: a refused unsolicited response must
      // neither end the sign-in the user is waiting for nor put its error in the app.
      if (origin === 'ours') await fail(err);
      else log.info({ code: err instanceof AppError ? err.code : 'internal' }, 'unsolicited SAML response refused');
      return refusedPage(err);
    }
  }

  async function handleOidc(request: LoopbackRequest): Promise<LoopbackPage> {
    if (request.url.pathname !== '/sso/oidc/callback' || request.method !== 'GET') {
      return NOT_FOUND_PAGE;
    }
    const p = pending;
    if (!p || p.type !== 'oidc') {
      return failPage(new AppError('transaction_not_found', 'This sign-in answer was already used or its sign-in was cancelled.'));
    }
    if (p.expectedState !== null && request.url.searchParams.get('state') !== p.expectedState) {
      // Not ours: an old tab, or a page anywhere that guessed the port. It is refused, but it
      // must not end the sign-in the person is finishing at their IdP (nothing was relayed).
      log.info('OIDC callback with a state of another sign-in refused; still waiting');
      return failPage(new AppError('invalid_response', 'state: the answer does not belong to this sign-in.'));
    }
    // Relay exactly what the browser brought, so the backend checks code, state and iss itself.
    return relay({ transactionId: p.transactionId, callbackUrl: request.url.toString() });
  }

  async function handleSaml(request: LoopbackRequest): Promise<LoopbackPage> {
    const match = SAML_ACS_PATH.exec(request.url.pathname);
    if (!match?.[1] || request.method !== 'POST') {
      return NOT_FOUND_PAGE;
    }
    const connectionId = match[1];
    const form = new URLSearchParams(request.body);
    const samlResponse = form.get('SAMLResponse');
    if (!samlResponse) return failPage(new AppError('invalid_response', 'encoding: no SAMLResponse in the request.'));
    const relayState = form.get('RelayState') ?? undefined;
    const divert = relayState === undefined ? undefined : diverted.get(relayState);
    if (divert) return divert(request);
    const p = pending;
    if (p && p.type === 'saml' && relayState === p.transactionId) {
      if (p.connectionId !== connectionId) {
        const err = new AppError('invalid_response', 'destination: the answer came to another connection’s address.');
        await fail(err);
        return failPage(err);
      }
      return relay({ transactionId: p.transactionId, connectionId, samlResponse, relayState });
    }
    if (relayState !== undefined && finished.has(relayState)) {
      return failPage(new AppError('transaction_not_found', 'This sign-in answer was already used, or its sign-in expired or was cancelled.'));
    }
    // No sign-in of ours is waiting for this: an IdP-initiated response. The backend accepts it
    // only where the connection allows it, with its replay cache, and only when posted by the
    // IdP's page where the browser says who posted (Origin/Referer).
    const browser = { ...(request.origin ? { origin: request.origin } : {}), ...(request.referer ? { referer: request.referer } : {}) };
    const unsolicited: SamlRelay = { connectionId, samlResponse, ...(relayState === undefined ? {} : { relayState }), browser, device: deps.device() };
    // Any web page can post its author's own valid response here (login CSRF): while signed in or
    // waiting, the account is only taken once the person confirms it.
    if (pending || confirmation.isOpen() || (await deps.signedIn())) return handOver(unsolicited);
    return relay(unsolicited, 'unsolicited');
  }

  async function handOver(relayed: SamlRelay): Promise<LoopbackPage> {
    try {
      askToConfirm(await deps.backend.call(API.sso.handover, { body: relayed }), 'identity-provider');
      return CONFIRM_IN_APP_PAGE;
    } catch (err) {
      if (!(err instanceof AppError)) log.error({ err }, 'handover of an unsolicited response failed');
      log.info({ code: err instanceof AppError ? err.code : 'internal' }, 'unsolicited SAML response refused');
      return refusedPage(err);
    }
  }

  async function listenForSaml(): Promise<number> {
    if (samlServer && !samlServer.closed) return samlServer.port;
    samlServer = await startLoopbackServer({ ports: deps.samlAcsPorts, hostName: 'localhost', handle: handleSaml });
    log.info({ port: samlServer.port }, 'SAML loopback ACS listening');
    return samlServer.port;
  }

  return {
    async start(target) {
      await finish();
      setState({ kind: 'idle' });
      try {
        const route = await resolveSignInTarget(deps.backend, target, deps.connectionId);
        const email = route.email;
        let redirectUri: string;
        let oidcServer: LoopbackServer | null = null;
        if (route.type === 'oidc') {
          oidcServer = await startLoopbackServer({ ports: [0], hostName: '127.0.0.1', handle: handleOidc });
          redirectUri = `${oidcServer.origin}/sso/oidc/callback`;
        } else {
          const port = await listenForSaml();
          redirectUri = `http://localhost:${port}/sso/saml/${route.connectionId}/acs`;
        }
        let started: { transactionId: string; authorizationUrl: string };
        try {
          started = await deps.backend.call(API.sso.start, { body: { ...route.start, redirectUri, device: deps.device() } });
        } catch (err) {
          await oidcServer?.close();
          throw err;
        }
        if (!isOpenableIdpUrl(started.authorizationUrl)) {
          await oidcServer?.close();
          throw new AppError('idp_error', 'The sign-in page address is not a web address Keyhaven may open.');
        }
        const expectedState = route.type === 'oidc' ? new URL(started.authorizationUrl).searchParams.get('state') : null;
        const expiresAt = now() + timeoutMs;
        const timer = setTimeout(() => {
          void fail(new AppError('sign_in_timeout', 'The sign-in was not finished in time. Start again when you are ready.'));
        }, timeoutMs);
        timer.unref?.();
        pending = {
          transactionId: started.transactionId,
          email,
          type: route.type,
          connectionId: route.connectionId,
          authorizationUrl: started.authorizationUrl,
          expectedState,
          expiresAt,
          timer,
          oidcServer,
        };
        const waiting: SignInState = {
          kind: 'waiting',
          email,
          connectionType: route.type,
          authorizationUrl: started.authorizationUrl,
          expiresAt: new Date(expiresAt).toISOString(),
          browser: 'unknown',
        };
        setState(waiting);
        const browser = await deps.openExternal(started.authorizationUrl).then(
          (opened) => (opened === true ? 'opened' : opened === false ? 'failed' : 'unknown'),
          (err: unknown) => {
            log.warn({ err }, 'the system browser could not be opened');
            return 'failed' as const;
          },
        );
        // The person may already have finished (or cancelled) meanwhile.
        if (current !== waiting) return current;
        return browser === 'unknown' ? waiting : setState({ ...waiting, browser });
      } catch (err) {
        await fail(err);
        return current;
      }
    },
    async reopen() {
      if (!pending) return false;
      await deps.openExternal(pending.authorizationUrl);
      return true;
    },
    async confirm(accept) {
      if (!accept) {
        const behind = confirmation.drop('declined');
        return behind === null ? current : setState(confirmation.settle(behind));
      }
      const code = confirmation.take();
      if (code === null) return current;
      try {
        const answer = await deps.backend.call(API.sso.redeemHandover, { body: { code, device: deps.device() } });
        const session = await deps.onSignedIn(answer);
        // The person chose this account: a sign-in still waiting at the IdP is over.
        await finish();
        deps.bringToFront();
        return setState({ kind: 'signed-in', session });
      } catch (err) {
        if (!(err instanceof AppError)) log.error({ err }, 'handover redeem failed');
        const body = toErrorBody(err);
        return setState({ kind: 'failed', error: { code: body.error, message: body.message } });
      }
    },
    async receiveHandover(code) {
      try {
        const offer = await deps.backend.call(API.sso.inspectHandover, { body: { code } });
        return askToConfirm({ ...offer, code }, 'link');
      } catch (err) {
        log.info({ code: err instanceof AppError ? err.code : 'internal' }, 'keyhaven:// sign-in link refused');
        // A stale or forged link must not disturb a sign-in in progress.
        if (pending || confirmation.isOpen()) return current;
        const body = toErrorBody(err);
        return setState({ kind: 'failed', error: { code: body.error, message: body.message } });
      }
    },
    async cancel() {
      if (!pending) return current;
      await finish();
      return setState({ kind: 'failed', error: { code: 'sign_in_cancelled', message: 'You cancelled the sign-in. Nothing was changed.' } });
    },
    state: () => current,
    samlAcsPort: () => (samlServer && !samlServer.closed ? samlServer.port : null),
    listenForSaml,
    divertSaml(relayState, handle) {
      diverted.set(relayState, handle);
      return () => {
        if (diverted.get(relayState) === handle) diverted.delete(relayState);
      };
    },
    async close() {
      confirmation.close();
      await finish();
      await samlServer?.close();
    },
  };
}
