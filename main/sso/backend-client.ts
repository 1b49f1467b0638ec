import { AppError, isErrorCode } from '../errors/app-error';
import type { EnforcementPolicy } from '../policy/enforcement-policy';

export interface LoginAnswer {
  readonly session: string;
  readonly sessionExpiresAt: string;
  readonly user: { readonly id: string; readonly email: string; readonly node: string; readonly role: string };
  readonly policy: EnforcementPolicy;
  readonly vaultExists: boolean;
  readonly deviceId: string;
}

export type CompleteRequest = { readonly transactionId: string; readonly callbackUrl: string } | SamlRelay;

/** A SAML response as the loopback ACS received it, with the Origin/Referer of the browser's POST. */
export interface SamlRelay {
  readonly transactionId?: string;
  readonly connectionId: string;
  readonly samlResponse: string;
  readonly relayState?: string;
  readonly browser?: { readonly origin?: string; readonly referer?: string };
  /** This device: an IdP-initiated response has no transaction that carries it. */
  readonly device?: DeviceInfo;
}

/** A checked identity waiting for the person's confirmation (backend: sso/sign-in-handover.ts). */
export interface HandoverOffer {
  readonly code: string;
  readonly email: string;
  readonly connectionId: string;
  readonly expiresAt: string;
}

export interface DeviceInfo {
  readonly id: string;
  readonly name: string;
  readonly platform: string;
}

/**
 * The app's side of the backend's HTTP interface. Errors come back as `{error, message}` and
 * are rethrown as the same AppError code, so the renderer words them once.
 */
export interface BackendClient {
  readonly baseUrl: string;
  lookup(email: string): Promise<{ connectionId: string; type: 'saml' | 'oidc'; node: string }>;
  /** The same answer for a connection named by id (a managed `ssoConnection`). */
  lookupConnection(connectionId: string): Promise<{ connectionId: string; type: 'saml' | 'oidc'; node: string }>;
  start(input: { email?: string; connectionId?: string; redirectUri: string; device: DeviceInfo }): Promise<{ transactionId: string; authorizationUrl: string }>;
  complete(input: CompleteRequest): Promise<LoginAnswer>;
  /** The same checks as complete(), answered with a handover code instead of a session. */
  handover(input: SamlRelay): Promise<HandoverOffer>;
  inspectHandover(code: string): Promise<Omit<HandoverOffer, 'code'>>;
  redeemHandover(input: { code: string; device: DeviceInfo }): Promise<LoginAnswer>;
  declineHandover(input: { code: string; reason: 'declined' | 'superseded' }): Promise<void>;
  /** Any session-authenticated call. */
  call<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, token: string, body?: unknown): Promise<T>;
  /** A session-authenticated GET whose answer is text, not JSON (CSV exports). */
  text(path: string, token: string): Promise<string>;
}

export function createBackendClient(baseUrl: string, fetchImpl: typeof fetch = fetch): BackendClient {
  const base = baseUrl.replace(/\/+$/, '');

  async function send<T>(method: string, path: string, body: unknown, token: string | null, answer: 'json' | 'text' = 'json'): Promise<T> {
    let response: Response;
    try {
      response = await fetchImpl(`${base}${path}`, {
        method,
        headers: {
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (err) {
      throw new AppError('backend_unreachable', `Keyhaven cannot reach its server at ${base}. Check your network connection.`, { cause: err });
    }
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    if (!response.ok) {
      const errBody = (parsed ?? {}) as { error?: unknown; message?: unknown };
      const code = isErrorCode(errBody.error) ? errBody.error : 'internal';
      const message = typeof errBody.message === 'string' ? errBody.message : `The server answered ${response.status}.`;
      const error = new AppError(code, message, { status: response.status });
      Object.assign(error, { body: parsed });
      throw error;
    }
    return (answer === 'text' ? text : parsed) as T;
  }

  return {
    baseUrl: base,
    lookup: (email) => send('GET', `/v1/sso/lookup?email=${encodeURIComponent(email)}`, undefined, null),
    lookupConnection: (connectionId) => send('GET', `/v1/sso/lookup?connection=${encodeURIComponent(connectionId)}`, undefined, null),
    start: (input) => send('POST', '/v1/sso/start', input, null),
    complete: (input) => send('POST', '/v1/sso/complete', input, null),
    handover: (input) => send('POST', '/v1/sso/handover', input, null),
    inspectHandover: (code) => send('POST', '/v1/sso/handover/inspect', { code }, null),
    redeemHandover: (input) => send('POST', '/v1/sso/handover/redeem', input, null),
    declineHandover: async (input) => {
      await send('POST', '/v1/sso/handover/decline', input, null);
    },
    call: (method, path, token, body) => send(method, path, body, token),
    text: (path, token) => send<string>('GET', path, undefined, token, 'text'),
  };
}
