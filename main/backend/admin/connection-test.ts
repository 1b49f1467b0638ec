import { AppError, responseCheckFailed } from '../../errors/app-error';
import { findConnection, type SsoConnection } from '../config/tenant-config';
import { randomId } from '../sessions/session-token';
import { failed, passed, runCheck, skipRest, type CheckResult } from '../sso/check-result';
import { assertLoopbackRedirectUri } from '../sso/loopback-redirect';
import { createPosterCheck, type BrowserHeaders } from '../sso/poster-origin';
import type { SignInDeps } from '../sso/sign-in-service';
import { inScope, type AdminPrincipal } from './admin-scope';
import { createConnectionTestStore, type ConnectionTestRow } from './connection-test-store';
import { buildReport, type ConnectionTestReport, type TestedIdentity } from './connection-test-report';

export const CONNECTION_TEST_TTL_MS = 10 * 60 * 1000;

export type ConnectionTestAnswer =
  | { readonly callbackUrl: string }
  | { readonly samlResponse: string; readonly relayState?: string | undefined; readonly browser?: BrowserHeaders | undefined };

export interface ConnectionTests {
  start(principal: AdminPrincipal, connectionId: string, redirectUri: string): Promise<{ testId: string; protocol: 'saml' | 'oidc'; authorizationUrl: string; expiresAt: string }>;
  complete(principal: AdminPrincipal, testId: string, answer: ConnectionTestAnswer, clientIp: string | undefined): Promise<ConnectionTestReport>;
}

/** The protocol's own checks; buildReport adds the shared ones (required claims, email domain, placement). */
const OIDC_CHECKS = ['redirect_uri', 'state', 'idp_error', 'iss', 'token_exchange', 'id_token', 'issuer', 'audience', 'time_window', 'nonce', 'email_verified'];

/**
 * "Test sign-in" of the admin area: an administrator runs a connection end to end in their
 * browser and sees what the IdP sent and every check's result. A test signs nobody in: no
 * session, no user, no device, no vault; its transaction lives in its own table (so no sign-in
 * endpoint can complete it), is used once and belongs to the administrator who started it.
 * Each completion is audited as `connection.tested` (reason = the first failed check).
 */
export function createConnectionTests(deps: SignInDeps): ConnectionTests {
  const tests = createConnectionTestStore(deps.store.kysely);
  const assertPostedByIdp = createPosterCheck();
  const log = deps.logger.child({ scope: 'connection-test' });
  const ownerOf = (p: AdminPrincipal): string => (p.actorUserId === null ? 'token' : `user:${p.actorUserId}`);

  const connectionInScope = (principal: AdminPrincipal, id: string): SsoConnection => {
    const connection = findConnection(deps.config, id);
    if (!connection) throw new AppError('not_found', `No SSO connection "${id}".`);
    if (!inScope(principal, connection.node)) throw new AppError('forbidden', 'This connection belongs to a node outside your administration scope.');
    return connection;
  };

  return {
    async start(principal, connectionId, redirectUri) {
      const connection = connectionInScope(principal, connectionId);
      const redirect = assertLoopbackRedirectUri(redirectUri).href;
      if (connection.type === 'saml' && !deps.saml.acsUrls(connection).slice(1).includes(redirect)) {
        throw new AppError('bad_request', "redirectUri must be one of the connection's loopback ACS URLs (http://localhost:PORT/sso/saml/ID/acs).", { detail: { field: 'redirectUri' } });
      }
      const now = deps.now();
      await tests.deleteExpired(new Date(now.getTime() - 24 * 3600_000));
      const testId = randomId(32);
      const expiresAt = new Date(now.getTime() + CONNECTION_TEST_TTL_MS);
      const row = { id: testId, connectionId: connection.id, owner: ownerOf(principal), redirectUri: redirect, createdAt: now, expiresAt };
      let authorizationUrl: string;
      if (connection.type === 'oidc') {
        const req = await deps.oidc.authorizationRequest(connection, redirect, null);
        await tests.create({ ...row, kind: 'oidc', state: req.state, nonce: req.nonce, pkceVerifier: req.pkceVerifier, samlRequestId: null });
        authorizationUrl = req.url;
      } else {
        const req = await deps.saml.authnRequest(connection, { relayState: testId, redirectUri: redirect, subjectEmail: null });
        await tests.create({ ...row, kind: 'saml', state: null, nonce: null, pkceVerifier: null, samlRequestId: req.requestId });
        authorizationUrl = req.url;
      }
      return { testId, protocol: connection.type, authorizationUrl, expiresAt: expiresAt.toISOString() };
    },

    async complete(principal, testId, answer, clientIp) {
      const now = deps.now();
      // Consumed only by its owner: another administrator's attempt reads as unknown and leaves it intact.
      const test = await tests.consume(testId, ownerOf(principal), now);
      if (!test) throw new AppError('transaction_not_found', 'Unknown, already used or another administrator’s test sign-in. Start the test again.');
      if (test.expiresAt.getTime() <= now.getTime()) throw new AppError('transaction_expired', 'This test sign-in took too long. Start it again.');
      const connection = connectionInScope(principal, test.connectionId);
      const checks: CheckResult[] = [];
      let identity: TestedIdentity;
      if ('callbackUrl' in answer) {
        if (connection.type !== 'oidc' || test.kind !== 'oidc') throw new AppError('bad_request', 'This test sign-in expects a SAML response.');
        identity = await oidcAnswer(connection, test, answer.callbackUrl, checks, now);
      } else {
        if (connection.type !== 'saml' || test.kind !== 'saml' || test.samlRequestId === null) throw new AppError('bad_request', 'This test sign-in expects an OIDC callback URL.');
        runCheck(checks, 'origin', () => assertPostedByIdp(connection, answer.browser), { ok: "posted by the identity provider's page (or the browser did not say)" });
        const diagnosis = await deps.saml.diagnose(connection, { samlResponse: answer.samlResponse, requestId: test.samlRequestId });
        checks.push(...diagnosis.checks);
        identity = { subject: diagnosis.nameId, email: diagnosis.email, claims: diagnosis.attributes, verified: diagnosis.verified };
      }
      const report = await buildReport(deps, { testId, connection, identity, checks });
      const failures = report.checks.filter((c) => c.outcome === 'fail');
      await deps.store.audit.append({
        type: 'connection.tested',
        at: now,
        userId: principal.actorUserId,
        connectionId: connection.id,
        reason: failures[0] === undefined ? null : (failures[0].reason ?? failures[0].code),
        email: identity.email,
        ip: clientIp ?? null,
        details: { actor: principal.actor, protocol: connection.type, outcome: report.outcome, failed: failures.map((c) => c.check) },
      });
      log.info({ connectionId: connection.id, outcome: report.outcome, failed: failures.map((c) => c.check) }, 'connection tested');
      return report;
    },
  };

  async function oidcAnswer(connection: Extract<SsoConnection, { type: 'oidc' }>, test: ConnectionTestRow, raw: string, checks: CheckResult[], now: Date): Promise<TestedIdentity> {
    const none: TestedIdentity = { subject: null, email: null, claims: null, verified: false };
    let callback: URL;
    try {
      callback = new URL(raw);
    } catch {
      throw new AppError('bad_request', 'callbackUrl is not a URL.', { detail: { field: 'callbackUrl' } });
    }
    const expected = new URL(test.redirectUri);
    const params = callback.searchParams;
    runCheck(checks, 'redirect_uri', () => {
      if (callback.origin !== expected.origin || callback.pathname !== expected.pathname) throw responseCheckFailed('redirect_uri', 'the callback URL is not the one this test started with');
    }, { ok: 'the IdP answered at the loopback address this test gave it' });
    const state = runCheck(checks, 'state', () => {
      if (params.get('state') !== test.state) throw responseCheckFailed('state', 'the state parameter does not match this test');
      return true;
    }, { ok: 'the answer belongs to this test (state)' });
    const idpError = params.get('error');
    if (idpError !== null) {
      const code = /^[\w.-]{1,64}$/.test(idpError) ? idpError : 'unknown';
      checks.push(failed('idp_error', new AppError('idp_error', `The identity provider answered with error "${code}".`, { detail: { check: code } })));
    } else checks.push(passed('idp_error', 'the IdP answered with a code, not an error'));
    // No code is exchanged for an answer that is not this test's, or that carries none.
    if (state === undefined || idpError !== null || test.state === null || test.nonce === null || test.pkceVerifier === null) {
      skipRest(checks, OIDC_CHECKS, state === undefined ? 'the state check failed' : 'the IdP sent no code');
      return none;
    }
    const diagnosis = await deps.oidc.diagnose(connection, callback, { state: test.state, nonce: test.nonce, pkceVerifier: test.pkceVerifier }, now);
    checks.push(...diagnosis.checks);
    const claims = diagnosis.claims;
    if (claims === null) {
      skipRest(checks, ['email_verified'], 'no ID token to read');
      return none;
    }
    const verifiedEmail = claims.email_verified === true || claims.email_verified === 'true';
    checks.push(verifiedEmail ? passed('email_verified', 'the IdP has verified the email address') : failed('email_verified', responseCheckFailed('email_verified', 'the IdP has not verified this email address')));
    return {
      subject: typeof claims.sub === 'string' ? claims.sub : null,
      email: typeof claims.email === 'string' && claims.email !== '' ? claims.email.toLowerCase() : null,
      claims,
      verified: diagnosis.verified,
    };
  }
}
