import { AppError, responseCheckFailed } from '../../errors/app-error';
import type { Logger } from '../../log/logger';
import { connectionForDomain, findConnection, type SamlConnection, type SsoConnection, type TenantConfig } from '../config/tenant-config';
import { finishSignIn, type SignInResult } from '../jit/finish-sign-in';
import { groupsFromClaim } from '../scim/role-mapping';
import type { OidcRelyingParty } from '../oidc/oidc-relying-party';
import { randomId } from '../sessions/session-token';
import { auditSignInFailure } from './sign-in-failure-audit';
import type { DeviceInfo, Store } from '../store/store';
import { domainOf } from './email-domain';
import { consumeLoginTransaction, LOGIN_TRANSACTION_TTL_MS } from './login-transaction';
import { assertLoopbackRedirectUri } from './loopback-redirect';
import { createPosterCheck, type BrowserHeaders } from './poster-origin';
import type { SamlSignIn } from './saml-sign-in';
import { createSignInHandovers, type DeclineReason, type HandoverOffer } from './sign-in-handover';

export interface SignInService {
  lookup(emailOrDomain: string): { connectionId: string; type: 'saml' | 'oidc'; node: string };
  lookupConnection(connectionId: string): { connectionId: string; type: 'saml' | 'oidc'; node: string };
  /** `connectionId` names the connection outright (managed `ssoConnection`); else the email's domain decides. */
  start(o: { email?: string | undefined; connectionId?: string | undefined; redirectUri: string; device?: DeviceInfo | undefined }): Promise<{ transactionId: string; authorizationUrl: string }>;
  completeOidc(o: { transactionId: string; callbackUrl: string; clientIp?: string | undefined }): Promise<SignInResult>;
  completeSaml(o: SamlAnswer): Promise<SignInResult>;
  /** The same checks as completeSaml, but the answer is a one-time handover code, not a session (sign-in-handover.ts). */
  handoverSaml(o: SamlAnswer): Promise<HandoverOffer>;
  inspectHandover(code: string): Promise<Omit<HandoverOffer, 'code'>>;
  redeemHandover(o: { code: string; device?: DeviceInfo | undefined; clientIp?: string | undefined }): Promise<SignInResult>;
  declineHandover(o: { code: string; reason: DeclineReason }): Promise<void>;
}

export interface SamlAnswer {
  readonly connectionId: string;
  readonly samlResponse: string;
  readonly transactionId?: string | undefined;
  readonly relayState?: string | undefined;
  /** Origin/Referer of the browser's POST, as the ACS (ours or the app's loopback one) received them. */
  readonly browser?: BrowserHeaders | undefined;
  readonly device?: DeviceInfo | undefined;
  readonly clientIp?: string | undefined;
}

export interface SignInDeps {
  readonly config: TenantConfig;
  readonly store: Store;
  readonly logger: Logger;
  readonly now: () => Date;
  readonly oidc: OidcRelyingParty;
  readonly saml: SamlSignIn;
}

export function createSignInService(deps: SignInDeps): SignInService {
  const connectionFor = (emailOrDomain: string): SsoConnection => {
    const c = connectionForDomain(deps.config, domainOf(emailOrDomain));
    if (!c) throw new AppError('no_sso_for_domain', 'No single sign-on is set up for this email domain.');
    return c;
  };

  const handovers = createSignInHandovers(deps);
  const assertPostedByIdp = createPosterCheck();

  /** Every failed completion leaves one audit line (with the email the transaction was started for, and the IP) — and nothing else. */
  const audited = async <T>(connectionId: () => string | null, fn: () => Promise<T>, attempt: { transactionId?: string | undefined; clientIp?: string | undefined } = {}): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      const tx = attempt.transactionId === undefined ? undefined : await deps.store.loginTransactions.find(attempt.transactionId).catch(() => undefined);
      await auditSignInFailure(deps, { stage: 'complete', error: err, email: tx?.email ?? null, clientIp: attempt.clientIp, connectionId: connectionId() ?? tx?.connectionId ?? null });
      throw err;
    }
  };

  return {
    lookup(emailOrDomain) {
      const c = connectionFor(emailOrDomain);
      return { connectionId: c.id, type: c.type, node: c.node };
    },

    lookupConnection(connectionId) {
      const c = startConnection({ connectionId });
      return { connectionId: c.id, type: c.type, node: c.node };
    },

    async start(o) {
      const connection = startConnection(o);
      const redirect = assertLoopbackRedirectUri(o.redirectUri);
      const now = deps.now();
      // Housekeeping on the write path (no timers: instances stay stateless). A day of grace
      // keeps "expired" distinguishable from "unknown" for late completions.
      await deps.store.loginTransactions.deleteExpired(new Date(now.getTime() - 24 * 3600_000));
      await deps.store.samlReplay.deleteExpired(now);
      const id = randomId(32);
      const common = {
        id,
        connectionId: connection.id,
        email: o.email?.includes('@') ? o.email.trim().toLowerCase() : null,
        redirectUri: redirect.href,
        device: o.device ?? null,
        createdAt: now,
        expiresAt: new Date(now.getTime() + LOGIN_TRANSACTION_TTL_MS),
      };
      if (connection.type === 'oidc') {
        const req = await deps.oidc.authorizationRequest(connection, redirect.href, common.email);
        await deps.store.loginTransactions.create({ ...common, kind: 'oidc', state: req.state, nonce: req.nonce, pkceVerifier: req.pkceVerifier, samlRequestId: null });
        return { transactionId: id, authorizationUrl: req.url };
      }
      const req = await deps.saml.authnRequest(connection, { relayState: id, redirectUri: redirect.href, subjectEmail: common.email });
      await deps.store.loginTransactions.create({ ...common, kind: 'saml', state: null, nonce: null, pkceVerifier: null, samlRequestId: req.requestId });
      return { transactionId: id, authorizationUrl: req.url };
    },

    async completeOidc(o) {
      let connectionId: string | null = null;
      return audited(() => connectionId, async () => {
        const tx = await consumeLoginTransaction(deps.store, o.transactionId, deps.now());
        connectionId = tx.connectionId;
        const connection = findConnection(deps.config, tx.connectionId);
        if (!connection || connection.type !== 'oidc' || tx.kind !== 'oidc' || !tx.state || !tx.nonce || !tx.pkceVerifier) {
          throw responseCheckFailed('transaction', 'this transaction is not an OIDC sign-in');
        }
        let callback: URL;
        try {
          callback = new URL(o.callbackUrl);
        } catch {
          throw new AppError('bad_request', 'callbackUrl is not a URL.');
        }
        const expected = new URL(tx.redirectUri);
        if (callback.origin !== expected.origin || callback.pathname !== expected.pathname) {
          throw responseCheckFailed('redirect_uri', 'the callback URL is not the one this sign-in started with');
        }
        const params = callback.searchParams;
        if (params.get('state') !== tx.state) throw responseCheckFailed('state', 'the state parameter does not match this sign-in');
        const idpError = params.get('error');
        if (idpError !== null) {
          const code = /^[\w.-]{1,64}$/.test(idpError) ? idpError : 'unknown';
          throw new AppError('idp_error', `The identity provider answered with error "${code}".`, { detail: { idp_error: code } });
        }
        const identity = await deps.oidc.complete(connection, callback, { state: tx.state, nonce: tx.nonce, pkceVerifier: tx.pkceVerifier });
        if (!identity.emailVerified) throw responseCheckFailed('email_verified', 'the IdP has not verified this email address');
        assertDomainAllowed(connection, identity.email);
        const groups = connection.groupsAttribute === null ? undefined : groupsFromClaim(identity.claims[connection.groupsAttribute]);
        return finishSignIn(deps, { connection, email: identity.email, device: tx.device, method: 'oidc', clientIp: o.clientIp, groups });
      }, { transactionId: o.transactionId, clientIp: o.clientIp });
    },

    async completeSaml(o) {
      return audited(() => o.connectionId, async () => {
        const { connection, identity, transaction } = await checkSaml(o);
        const groups = connection.groupsAttribute === null ? undefined : groupsFromClaim(identity.attributes[connection.groupsAttribute]);
        return finishSignIn(deps, { connection, email: identity.email, device: transaction?.device ?? o.device ?? null, method: 'saml', clientIp: o.clientIp, groups });
      }, { transactionId: o.transactionId ?? o.relayState, clientIp: o.clientIp });
    },

    async handoverSaml(o) {
      return audited(() => o.connectionId, async () => {
        const { connection, identity } = await checkSaml(o);
        const groups = connection.groupsAttribute === null ? undefined : groupsFromClaim(identity.attributes[connection.groupsAttribute]);
        return handovers.issue(connection, { email: identity.email, clientIp: o.clientIp, groups });
      }, { transactionId: o.transactionId ?? o.relayState, clientIp: o.clientIp });
    },

    inspectHandover: (code) => handovers.inspect(code),

    async redeemHandover(o) {
      return audited(() => null, () => handovers.redeem({ code: o.code, device: o.device ?? null, clientIp: o.clientIp }), { clientIp: o.clientIp });
    },

    declineHandover: (o) => handovers.decline(o),
  };

  function startConnection(o: { email?: string | undefined; connectionId?: string | undefined }): SsoConnection {
    if (o.connectionId !== undefined) {
      const c = findConnection(deps.config, o.connectionId);
      if (!c) throw new AppError('not_found', `No SSO connection "${o.connectionId}".`);
      return c;
    }
    if (o.email === undefined) throw new AppError('bad_request', 'Give email (an email address or a domain) or connectionId.');
    return connectionFor(o.email);
  }

  async function checkSaml(o: SamlAnswer): Promise<{ connection: SamlConnection } & Awaited<ReturnType<SamlSignIn['validate']>>> {
    const connection = findConnection(deps.config, o.connectionId);
    if (!connection || connection.type !== 'saml') throw new AppError('not_found', `No SAML connection "${o.connectionId}".`);
    assertPostedByIdp(connection, o.browser);
    const checked = await deps.saml.validate(connection, o);
    assertDomainAllowed(connection, checked.identity.email);
    return { connection, ...checked };
  }
}

export function assertDomainAllowed(connection: SsoConnection, email: string): void {
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  if (!email.includes('@') || !connection.domains.includes(domain)) {
    throw new AppError('email_domain_not_allowed', `The identity provider signed in an address outside this connection's domains (${connection.domains.join(', ')}).`);
  }
}
