import { totpCode } from '../../main/vault/totp/totp';
import { authorizeInBrowser } from './oidc-browser';
import { REDIRECT } from './oidc-tenant';
import type { TestBackend } from './test-backend';

export interface SignedIn {
  readonly session: string;
  readonly deviceId: string;
  readonly user: { readonly id: string; readonly email: string };
}

type Device = { id: string; name: string; platform: string };

/** A whole OIDC sign-in over HTTP (start → demo IdP login form → complete), as the app does it. */
export async function signInOidc(
  b: TestBackend,
  user: { readonly email: string; readonly password: string },
  o: { device?: Device; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: any }> {
  const start = await b.api('POST', '/v1/sso/start', { body: { email: user.email, redirectUri: REDIRECT, ...(o.device ? { device: o.device } : {}) } });
  if (start.status !== 200) throw new Error(`start failed: ${start.status} ${start.text}`);
  const callbackUrl = await authorizeInBrowser(start.body.authorizationUrl, REDIRECT, { login: user.email, password: user.password });
  const res = await fetch(`${b.url}/v1/sso/complete`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...o.headers },
    body: JSON.stringify({ transactionId: start.body.transactionId, callbackUrl }),
  });
  return { status: res.status, body: await res.json() };
}

export async function signedIn(b: TestBackend, user: { readonly email: string; readonly password: string }, device?: Device): Promise<SignedIn> {
  const res = await signInOidc(b, user, device ? { device } : {});
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as SignedIn;
}

/** Enrols an authenticator app for the session's user; returns its base32 secret. */
export async function enrolTotp(b: TestBackend, session: string): Promise<string> {
  const begin = await b.api('POST', '/v1/two-factor/totp/begin', { token: session, body: {} });
  if (begin.status !== 200) throw new Error(`totp begin failed: ${begin.status} ${begin.text}`);
  const secret = String(begin.body.secret);
  const confirm = await b.api('POST', '/v1/two-factor/totp/confirm', { token: session, body: { code: totpCode(secret, new Date()) } });
  if (confirm.status !== 200) throw new Error(`totp confirm failed: ${confirm.status} ${confirm.text}`);
  return secret;
}
