import * as client from 'openid-client';
import { responseCheckFailed } from '../../errors/app-error';
import type { OidcConnection } from '../config/tenant-config';
import { failed, passed, refusalName, runCheck, skipped, type CheckResult } from '../sso/check-result';
import { toInvalidResponse } from './oidc-answer-error';

/** What a test sign-in shows of an OIDC answer: every check's result and the ID token's claims (never a token). */
export interface OidcDiagnosis {
  readonly checks: readonly CheckResult[];
  /** The ID token's claims (with UserInfo's where the email came from there); null when no ID token arrived. */
  readonly claims: Readonly<Record<string, unknown>> | null;
  /** True when openid-client accepted the ID token; false: the claims are shown as received. */
  readonly verified: boolean;
}

/** Leeway for exp/iat, as openid-client allows by default (seconds). */
const CLOCK_TOLERANCE_S = 30;

/**
 * The code exchange and ID token checks of `OidcRelyingParty.complete`, reported one by one.
 * openid-client stops at its first refusal, so the ID token's claims are also checked here on
 * their own (issuer, audience, time window, nonce) from the token response as it arrived: an
 * administrator then sees every claim that is wrong, not only the first. Tokens themselves are
 * never returned or logged.
 */
export async function diagnoseOidcCallback(
  config: client.Configuration,
  connection: OidcConnection,
  callbackUrl: URL,
  checks: { readonly state: string; readonly nonce: string; readonly pkceVerifier: string },
  now: Date,
): Promise<OidcDiagnosis> {
  const results: CheckResult[] = [];
  const server = config.serverMetadata();
  runCheck(results, 'iss', () => checkIssParameter(callbackUrl.searchParams.get('iss'), server), {
    ok: (sent) => (sent ? 'the authorization response names this issuer (RFC 9207)' : 'not sent; the IdP does not advertise RFC 9207'),
  });

  let tokenBody: Record<string, unknown> | null = null;
  const tokenEndpoint = server.token_endpoint;
  config[client.customFetch] = async (url, options) => {
    const res = await fetch(url, { body: options.body as BodyInit | null, headers: options.headers, method: options.method, redirect: options.redirect, signal: options.signal });
    if (url === tokenEndpoint && res.ok) tokenBody = (await res.clone().json().catch(() => null)) as Record<string, unknown> | null;
    return res;
  };

  let claims: Record<string, unknown> | null = null;
  let verified = false;
  try {
    const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      pkceCodeVerifier: checks.pkceVerifier,
      idTokenExpected: true,
    });
    results.push(passed('token_exchange', 'the IdP exchanged the code (PKCE S256) at its token endpoint'));
    results.push(passed('id_token', 'openid-client accepted the ID token (iss, aud, azp, exp, iat, nonce)'));
    claims = { ...(tokens.claims() ?? {}) };
    verified = true;
    if (typeof claims.email !== 'string') {
      // Some IdPs put scope claims in UserInfo only, as the sign-in reads them.
      try {
        const info = await client.fetchUserInfo(config, tokens.access_token, String(claims.sub));
        claims = { ...info, ...claims };
        results.push(passed('userinfo', 'the email came from the UserInfo endpoint'));
      } catch (err) {
        results.push(failed('userinfo', toInvalidResponse(err)));
      }
    }
  } catch (err) {
    const refusal = toInvalidResponse(err);
    const body = tokenBody as Record<string, unknown> | null;
    if (body === null) {
      const before = refusalName(refusal);
      // A refusal of the authorization response itself (state, iss) comes before any exchange.
      if (before === 'state' || before === 'iss') results.push(skipped('token_exchange', `the ${before} check failed`));
      else results.push(failed('token_exchange', refusal));
      results.push(skipped('id_token', 'no token response'));
    } else {
      results.push(passed('token_exchange', 'the IdP exchanged the code (PKCE S256) at its token endpoint'));
      results.push(failed('id_token', refusal));
      claims = jwtClaims(body.id_token);
    }
  }

  if (claims === null) {
    for (const check of ['issuer', 'audience', 'time_window', 'nonce']) results.push(skipped(check, 'no ID token to read'));
    return { checks: results, claims: null, verified };
  }
  const c = claims;
  runCheck(results, 'issuer', () => {
    if (c.iss !== server.issuer) throw responseCheckFailed('iss', `the ID token names issuer "${String(c.iss).slice(0, 200)}", not ${server.issuer}`);
  }, { own: ['iss'], ok: `the ID token was issued by ${server.issuer}` });
  runCheck(results, 'audience', () => {
    const aud = Array.isArray(c.aud) ? c.aud : [c.aud];
    if (!aud.includes(connection.clientId)) throw responseCheckFailed('aud', `the ID token is meant for another client, not "${connection.clientId}"`);
    if (aud.length > 1 && c.azp !== connection.clientId) throw responseCheckFailed('azp', 'the ID token has several audiences and azp is not this client');
  }, { own: ['aud', 'azp'], ok: `meant for the client "${connection.clientId}"` });
  runCheck(results, 'time_window', () => {
    const at = now.getTime() / 1000;
    if (typeof c.exp !== 'number' || at > c.exp + CLOCK_TOLERANCE_S) throw responseCheckFailed('exp', 'the ID token has expired (or has no exp)');
    if (typeof c.iat !== 'number' || c.iat > at + CLOCK_TOLERANCE_S) throw responseCheckFailed('iat', 'the ID token was issued in the future (check the clocks)');
  }, { own: ['exp', 'iat'], ok: `valid now, within ${CLOCK_TOLERANCE_S} s of clock skew` });
  runCheck(results, 'nonce', () => {
    if (c.nonce !== checks.nonce) throw responseCheckFailed('nonce', 'the ID token answers another authorization request (nonce mismatch)');
  }, { ok: 'the ID token answers the request this test sent' });
  return { checks: results, claims, verified };
}

function checkIssParameter(iss: string | null, server: client.ServerMetadata): boolean {
  if (iss === null) {
    if (server.authorization_response_iss_parameter_supported === true) throw responseCheckFailed('iss', 'the IdP advertises RFC 9207 but its answer has no iss');
    return false;
  }
  if (iss !== server.issuer) throw responseCheckFailed('iss', `the answer names another issuer than ${server.issuer}`);
  return true;
}

/** The payload of a JWT as sent (claims only; the token itself is dropped here). */
function jwtClaims(jwt: unknown): Record<string, unknown> | null {
  if (typeof jwt !== 'string') return null;
  const payload = jwt.split('.')[1];
  if (payload === undefined) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
