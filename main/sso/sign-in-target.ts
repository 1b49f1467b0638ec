import { API } from '../api/api';
import type { ApiClient } from '../api/api-client';

/** Whom to sign in: an email or domain (its connection is looked up), or a connection by id. */
export type SignInTarget = string | { readonly connectionId: string; readonly email?: string };

export interface SignInRoute {
  readonly connectionId: string;
  readonly type: 'saml' | 'oidc';
  /** Shown while waiting: the email typed, else the connection id. */
  readonly email: string;
  /** What `/v1/sso/start` is asked with. */
  readonly start: { readonly email?: string; readonly connectionId?: string };
}

/**
 * The connection a sign-in goes through. A managed `ssoConnection` (`managedConnectionId`) takes
 * every sign-in, and what the person typed (when an email) is only the IdP's login hint.
 */
export async function resolveSignInTarget(backend: ApiClient, target: SignInTarget, managedConnectionId?: string): Promise<SignInRoute> {
  if (typeof target === 'string' && managedConnectionId !== undefined) {
    return resolveSignInTarget(backend, { connectionId: managedConnectionId, ...(target.includes('@') ? { email: target } : {}) });
  }
  if (typeof target === 'string') {
    const found = await backend.call(API.sso.lookup, { query: { email: target } });
    return { ...found, email: target, start: { email: target } };
  }
  const found = await backend.call(API.sso.lookup, { query: { connection: target.connectionId } });
  return { ...found, email: target.email ?? target.connectionId, start: { connectionId: target.connectionId, ...(target.email ? { email: target.email } : {}) } };
}
