import http from 'node:http';
import net from 'node:net';
import { expect, type BrowserContext, type Page, type Request } from '@playwright/test';
import { authorizeInBrowser } from '../../support/oidc-browser';
import type { Keyhaven } from './keyhaven';

/**
 * Sign-in helpers for the SSO end-to-end specs: the app's side (email, waiting screen), the
 * "system browser" side (IdP login pages in a second page), and raw access to the loopback
 * servers for the checks a browser cannot make (Host header, TCP refusal).
 */

export const EMAIL_FIELD = 'Work email or SSO domain';

/** Types the email, presses Continue, waits for the waiting screen; returns the URL the app opened. */
export async function continueWithEmail(page: Page, keyhaven: Keyhaven, email: string): Promise<string> {
  const before = keyhaven.host.openedUrls.length;
  await page.getByLabel(EMAIL_FIELD).fill(email);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'Waiting for your browser' })).toBeVisible();
  await expect.poll(() => keyhaven.host.openedUrls.length).toBe(before + 1);
  return keyhaven.host.openedUrls[before]!;
}

/** Opens an IdP URL in a new page of the context (the system browser) and fills its login form. */
export async function openIdpAndFill(context: BrowserContext, idpUrl: string, email: string, password: string): Promise<Page> {
  const browser = await context.newPage();
  await browser.goto(idpUrl);
  await browser.getByLabel('Email').fill(email);
  await browser.getByLabel('Password').fill(password);
  return browser;
}

export async function submitIdpLogin(browser: Page): Promise<void> {
  await browser.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** Resolves with the first request the page makes to a loopback sign-in address (OIDC callback or SAML ACS). */
export function nextLoopbackRequest(browser: Page): Promise<Request> {
  return browser.waitForRequest((r) => /\/sso\/(oidc\/callback|saml\/[a-z0-9-]+\/acs)/.test(new URL(r.url()).pathname));
}

export async function expectLoopbackFailure(browser: Page, code: string): Promise<void> {
  await expect(browser.getByRole('heading', { name: 'Sign-in failed' })).toBeVisible();
  await expect(browser.getByText(`Reason: ${code}`)).toBeVisible();
}

export async function expectLoopbackSuccess(browser: Page): Promise<void> {
  await expect(browser.getByRole('heading', { name: 'You are signed in' })).toBeVisible();
}

/** The app's alert on the sign-in screen, checked by its title (error-text.ts) and its code. */
export async function expectSignInAlert(page: Page, code: string, title: string | RegExp): Promise<void> {
  const alert = page.getByRole('alert');
  await expect(alert).toBeVisible();
  await expect(alert).toHaveAttribute('data-code', code);
  await expect(alert).toContainText(title);
}

/** The OIDC loopback port, read from the redirect_uri of the authorization URL. */
export function oidcLoopbackPort(idpUrl: string): number {
  const redirect = new URL(idpUrl).searchParams.get('redirect_uri');
  if (!redirect) throw new Error(`no redirect_uri in ${idpUrl}`);
  const url = new URL(redirect);
  expect(url.hostname).toBe('127.0.0.1');
  expect(url.pathname).toBe('/sso/oidc/callback');
  return Number(url.port);
}

export function samlAcsPort(keyhaven: Keyhaven): number {
  const port = keyhaven.host.samlAcsPort();
  if (port === null) throw new Error('the SAML loopback ACS is not listening');
  return port;
}

export function samlSpEntityId(keyhaven: Keyhaven, connectionId: string): string {
  return `${keyhaven.backendUrl}/sso/saml/${connectionId}/metadata`;
}

export function samlLoopbackAcsUrl(keyhaven: Keyhaven, connectionId: string): string {
  return `http://localhost:${samlAcsPort(keyhaven)}/sso/saml/${connectionId}/acs`;
}

/** One raw HTTP request to a loopback port with a Host header of our choosing. */
export async function rawRequest(
  port: number,
  o: { host: string; path: string; method?: 'GET' | 'POST'; body?: string },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: o.path,
        method: o.method ?? 'GET',
        agent: false,
        headers: {
          host: o.host,
          ...(o.body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(o.body) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(o.body);
  });
}

/** 'refused' when nothing listens on 127.0.0.1:port any more. */
export async function tcpConnect(port: number): Promise<'connected' | 'refused'> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      socket.destroy();
      if (err.code === 'ECONNREFUSED') resolve('refused');
      else reject(err);
    });
  });
}

export async function expectPortClosed(port: number): Promise<void> {
  await expect.poll(() => tcpConnect(port)).toBe('refused');
}

/** Replays a SAML HTTP-POST binding from a browser page (a form posted by the page itself). */
export async function postFormFromBrowser(browser: Page, action: string, fields: Record<string, string>): Promise<void> {
  await browser.goto('about:blank');
  await browser.evaluate(
    ({ action, fields }) => {
      const form = document.createElement('form');
      form.method = 'post';
      form.action = action;
      for (const [name, value] of Object.entries(fields)) {
        const input = document.createElement('input');
        input.type = 'hidden';
        input.name = name;
        input.value = value;
        form.append(input);
      }
      document.body.append(form);
      form.submit();
    },
    { action, fields },
  );
  await browser.waitForURL(action);
}

interface AdminUser {
  readonly id: string;
  readonly userName: string;
  readonly active: boolean;
}

async function admin(keyhaven: Keyhaven, method: 'GET' | 'POST', path: string): Promise<Response> {
  return fetch(`${keyhaven.backendUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${keyhaven.adminToken}`, ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) },
    ...(method === 'POST' ? { body: '{}' } : {}),
  });
}

export async function scimUser(keyhaven: Keyhaven, email: string): Promise<AdminUser | null> {
  const res = await admin(keyhaven, 'GET', `/scim/v2/Users?filter=${encodeURIComponent(`userName eq "${email}"`)}`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { Resources: { id: string; userName: string; active: boolean }[] };
  const user = body.Resources[0];
  return user ? { id: user.id, userName: user.userName, active: user.active } : null;
}

export async function deactivateUser(keyhaven: Keyhaven, email: string): Promise<void> {
  const user = await scimUser(keyhaven, email);
  if (!user) throw new Error(`no user ${email}`);
  const res = await admin(keyhaven, 'POST', `/v1/admin/users/${encodeURIComponent(user.id)}/deactivate`);
  expect(res.status).toBe(200);
  expect(((await res.json()) as { status: string }).status).toBe('deactivated');
}

/** Audit events of failed sign-ins (newest first): the backend saw the attempt and refused it. */
export async function failedSignInReasons(keyhaven: Keyhaven): Promise<string[]> {
  const res = await admin(keyhaven, 'GET', '/v1/admin/events?type=sign_in.failed');
  expect(res.status).toBe(200);
  const body = (await res.json()) as { events: { reason?: string }[] };
  return body.events.map((e) => String(e.reason));
}

/** A loopback redirect nobody listens on: signInElsewhere stops at it, as an app's callback would receive it. */
const ELSEWHERE_REDIRECT = 'http://127.0.0.1:53690/sso/oidc/callback';

/**
 * Someone's own sign-in on another computer, straight against the backend (start, the IdP's
 * pages over HTTP, complete): only their account matters to the test, not an app of theirs.
 */
export async function signInElsewhere(keyhaven: Keyhaven, who: { email: string; password: string }): Promise<void> {
  const post = (path: string, body: unknown) =>
    fetch(`${keyhaven.backendUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());
  const started = (await post('/v1/sso/start', { email: who.email, redirectUri: ELSEWHERE_REDIRECT })) as { transactionId: string; authorizationUrl: string };
  const callbackUrl = await authorizeInBrowser(started.authorizationUrl, ELSEWHERE_REDIRECT, { login: who.email, password: who.password });
  const done = (await post('/v1/sso/complete', { transactionId: started.transactionId, callbackUrl })) as { session?: string };
  expect(done.session).toBeTruthy();
}
