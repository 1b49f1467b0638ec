import * as client from 'openid-client';
import { AppError, responseCheckFailed } from '../../errors/app-error';
import { diagnoseOidcCallback, type OidcDiagnosis } from './diagnose-oidc-callback';
import { toInvalidResponse } from './oidc-answer-error';
import type { OidcConnection } from '../config/tenant-config';

export interface OidcIdentity {
  readonly subject: string;
  readonly email: string;
  readonly emailVerified: boolean;
  /** The ID token's claims (and UserInfo's, when the email came from there): e.g. a groups claim. */
  readonly claims: Readonly<Record<string, unknown>>;
}

export interface OidcAuthorizationRequest {
  readonly url: string;
  readonly state: string;
  readonly nonce: string;
  readonly pkceVerifier: string;
}

export interface OidcRelyingParty {
  /** loginHint: the email typed in the app, sent as `login_hint` (OIDC Core §3.1.2.1) so it is not typed twice. */
  authorizationRequest(connection: OidcConnection, redirectUri: string, loginHint?: string | null): Promise<OidcAuthorizationRequest>;
  /** Exchanges the code and checks state, iss (RFC 9207), PKCE, nonce and the ID token. */
  complete(connection: OidcConnection, callbackUrl: URL, checks: { state: string; nonce: string; pkceVerifier: string }): Promise<OidcIdentity>;
  /** A test sign-in's callback: the same exchange and checks, each reported on its own (diagnose-oidc-callback.ts). */
  diagnose(connection: OidcConnection, callbackUrl: URL, checks: { state: string; nonce: string; pkceVerifier: string }, now: Date): Promise<OidcDiagnosis>;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * OpenID Connect RP (openid-client v6). One cached discovery Configuration per connection and
 * instance; plain-http issuers are allowed only on a loopback host (test and demo IdPs).
 */
export function createOidcRelyingParty(): OidcRelyingParty {
  const configurations = new Map<string, Promise<client.Configuration>>();

  const configurationFor = (c: OidcConnection): Promise<client.Configuration> => {
    const key = `${c.id}\n${c.issuer}\n${c.clientId}`;
    let pending = configurations.get(key);
    if (pending === undefined) {
      pending = discover(c);
      // A failed discovery (IdP down) must not be cached for the life of the process.
      pending.catch(() => configurations.delete(key));
      configurations.set(key, pending);
    }
    return pending;
  };

  return {
    async authorizationRequest(connection, redirectUri, loginHint) {
      const config = await configurationFor(connection);
      const pkceVerifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: 'openid email profile',
        response_type: 'code',
        code_challenge: await client.calculatePKCECodeChallenge(pkceVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
        ...(loginHint ? { login_hint: loginHint } : {}),
      });
      return { url: url.href, state, nonce, pkceVerifier };
    },

    async complete(connection, callbackUrl, checks) {
      const config = await configurationFor(connection);
      let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
      try {
        tokens = await client.authorizationCodeGrant(config, callbackUrl, {
          expectedState: checks.state,
          expectedNonce: checks.nonce,
          pkceCodeVerifier: checks.pkceVerifier,
          idTokenExpected: true,
        });
      } catch (err) {
        throw toInvalidResponse(err);
      }
      const claims = tokens.claims();
      if (!claims) throw responseCheckFailed('id_token', 'the token response carried no ID token');
      let email = claims.email;
      let verified = claims.email_verified;
      let allClaims: Record<string, unknown> = { ...claims };
      if (typeof email !== 'string') {
        // Some IdPs (conformIdTokenClaims) put scope claims in UserInfo only.
        try {
          const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
          email = info.email;
          verified = info.email_verified;
          allClaims = { ...info, ...claims };
        } catch (err) {
          throw toInvalidResponse(err);
        }
      }
      if (typeof email !== 'string' || email === '') throw responseCheckFailed('email', 'the IdP returned no email claim');
      return { subject: claims.sub, email: email.toLowerCase(), emailVerified: verified === true || verified === 'true', claims: allClaims };
    },

    async diagnose(connection, callbackUrl, checks, now) {
      const shared = await configurationFor(connection);
      // A configuration of its own: the diagnosis watches the token response through customFetch,
      // which must not touch the one real sign-ins share.
      const { metadata, auth } = clientSettings(connection);
      const config = new client.Configuration(shared.serverMetadata(), connection.clientId, metadata, auth);
      if (new URL(connection.issuer).protocol === 'http:') client.allowInsecureRequests(config);
      return diagnoseOidcCallback(config, connection, callbackUrl, checks, now);
    },
  };
}

function clientSettings(c: OidcConnection): { metadata: Partial<client.ClientMetadata>; auth: client.ClientAuth } {
  return c.clientSecret === null
    ? { metadata: { token_endpoint_auth_method: 'none' }, auth: client.None() }
    : { metadata: { client_secret: c.clientSecret }, auth: client.ClientSecretBasic(c.clientSecret) };
}

async function discover(c: OidcConnection): Promise<client.Configuration> {
  const issuer = new URL(c.issuer);
  const insecure = issuer.protocol === 'http:';
  if (insecure && !LOOPBACK_HOSTS.has(issuer.hostname)) {
    throw new AppError('config_invalid', `OIDC connection "${c.id}": http issuers are allowed only on a loopback host`);
  }
  const { metadata, auth } = clientSettings(c);
  try {
    return await client.discovery(issuer, c.clientId, metadata, auth, insecure ? { execute: [client.allowInsecureRequests] } : undefined);
  } catch (err) {
    throw new AppError('backend_unreachable', `The identity provider of connection "${c.id}" could not be reached (discovery failed).`, { status: 502, cause: err });
  }
}
