import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseRedirectAuthnRequest } from './saml-authn-request';
import { errorPage, loginPage, postBindingPage, type DemoAccount } from './saml-idp-pages';
import { createSamlIdentityProvider, type SamlIdentityProvider } from './saml-response-builder';
import type { SelfSignedCertificate } from './saml-idp-certificate';

/**
 * A small, independent SAML 2.0 IdP on 127.0.0.1 for `npm start` demo mode, backend integration
 * tests and Chromium e2e tests: SP-initiated (HTTP-Redirect AuthnRequest in, HTTP-POST Response
 * out) and IdP-initiated sign-in with a password form. Keys are made at start unless given.
 */
export interface DemoSamlIdpOptions {
  readonly port?: number;
  /** The signing key and certificate (the demo of `npm start` keeps them); made at start otherwise. */
  readonly certificate?: SelfSignedCertificate;
  readonly users: readonly DemoAccount[];
  readonly serviceProviders: readonly { readonly entityId: string; readonly acsUrls: readonly string[] }[];
}

export interface DemoSamlIdp {
  readonly entityId: string;
  readonly ssoUrl: string;
  readonly metadataXml: string;
  readonly baseUrl: string;
  idpInitiatedUrl(spEntityId: string, acsUrl?: string): string;
  close(): Promise<void>;
}

interface PendingLogin {
  readonly spEntityId: string;
  readonly acsUrl: string;
  readonly inResponseTo: string | null;
  readonly relayState: string;
  /** Who the SP asked to sign in (AuthnRequest Subject): pre-fills the email box. */
  readonly hint?: string | undefined;
  readonly expiresAt: number;
}

const PENDING_LIFETIME_MS = 10 * 60_000;
/** Like a real IdP, a signed-in browser stays signed in for a while: later sign-ins need no clicks. */
const SESSION_LIFETIME_MS = 8 * 60 * 60_000;
const SESSION_COOKIE = 'kh_demo_idp';
const MAX_FORM_BYTES = 16 * 1024;

export async function startDemoSamlIdp(o: DemoSamlIdpOptions): Promise<DemoSamlIdp> {
  const pending = new Map<string, PendingLogin>();
  const sessions = new Map<string, { email: string; expiresAt: number }>();
  // Filled once the port is known (the entityID and SSO URL contain it).
  const ready: { idp?: SamlIdentityProvider; metadataXml: string } = { metadataXml: '' };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'internal error');
    });
  });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const nonce = randomBytes(16).toString('base64');
    const { idp, metadataXml } = ready;
    if (!idp) return send(res, 503, 'text/plain; charset=utf-8', 'starting');

    if (req.method === 'GET' && url.pathname === '/metadata') {
      return send(res, 200, 'application/samlmetadata+xml; charset=utf-8', metadataXml);
    }

    if (req.method === 'GET' && (url.pathname === '/sso' || url.pathname === '/idp-init')) {
      let login: Omit<PendingLogin, 'expiresAt'>;
      try {
        login = url.pathname === '/sso' ? fromAuthnRequest(url) : unsolicited(url);
      } catch (err) {
        return html(res, 400, nonce, errorPage({ nonce, message: err instanceof Error ? err.message : 'bad request' }));
      }
      const signedIn = sessionUser(req);
      if (signedIn) return answer(res, nonce, login, signedIn);
      const token = randomBytes(24).toString('base64url');
      sweep();
      pending.set(token, { ...login, expiresAt: Date.now() + PENDING_LIFETIME_MS });
      return html(res, 200, nonce, loginPage({ nonce, token, spName: login.spEntityId, accounts: o.users, ...(login.hint ? { email: login.hint } : {}) }));
    }

    if (req.method === 'POST' && url.pathname === '/login') {
      const form = await readForm(req);
      const token = form.get('token') ?? '';
      const login = pending.get(token);
      if (!login || login.expiresAt < Date.now()) {
        return html(res, 400, nonce, errorPage({ nonce, message: 'This sign-in has expired. Start again from the application.' }));
      }
      const email = (form.get('email') ?? '').trim().toLowerCase();
      const user = o.users.find((u) => u.email.toLowerCase() === email && u.password === form.get('password'));
      if (!user) {
        return html(res, 401, nonce, loginPage({ nonce, token, spName: login.spEntityId, accounts: o.users, email, error: 'Wrong email or password.' }));
      }
      pending.delete(token); // single use
      const sessionId = randomBytes(24).toString('base64url');
      sessions.set(sessionId, { email: user.email, expiresAt: Date.now() + SESSION_LIFETIME_MS });
      res.setHeader('set-cookie', `${SESSION_COOKIE}=${sessionId}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${SESSION_LIFETIME_MS / 1000}`);
      return answer(res, nonce, login, user);
    }

    send(res, 404, 'text/plain; charset=utf-8', 'not found');
  };

  const answer = (res: ServerResponse, nonce: string, login: Omit<PendingLogin, 'expiresAt'>, user: { email: string; name: string }): void => {
    const samlResponse = ready.idp!.buildResponse({
      spEntityId: login.spEntityId,
      acsUrl: login.acsUrl,
      inResponseTo: login.inResponseTo,
      email: user.email,
      attributes: { email: user.email, name: user.name },
    });
    html(res, 200, nonce, postBindingPage({ nonce, acsUrl: login.acsUrl, samlResponse, relayState: login.relayState }), login.acsUrl);
  };

  const sessionUser = (req: IncomingMessage): { email: string; name: string } | null => {
    const cookie = (req.headers.cookie ?? '').split(';').map((c) => c.trim()).find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    const session = cookie ? sessions.get(cookie.slice(SESSION_COOKIE.length + 1)) : undefined;
    if (!session || session.expiresAt < Date.now()) return null;
    return o.users.find((u) => u.email === session.email) ?? null;
  };

  const fromAuthnRequest = (url: URL): Omit<PendingLogin, 'expiresAt'> => {
    const request = parseRedirectAuthnRequest(url.searchParams.get('SAMLRequest') ?? '');
    const sp = o.serviceProviders.find((s) => s.entityId === request.issuer);
    if (!sp) throw new Error(`Unknown service provider ${request.issuer}`);
    // Profiles §4.1.4.1: the IdP must only post to an ACS registered for that SP.
    const acsUrl = request.acsUrl ?? sp.acsUrls[0];
    if (acsUrl === undefined || !sp.acsUrls.includes(acsUrl)) throw new Error('AssertionConsumerServiceURL is not registered for this service provider');
    return { spEntityId: sp.entityId, acsUrl, inResponseTo: request.id, relayState: url.searchParams.get('RelayState') ?? '', hint: request.subjectNameId };
  };

  const unsolicited = (url: URL): Omit<PendingLogin, 'expiresAt'> => {
    const sp = o.serviceProviders.find((s) => s.entityId === url.searchParams.get('sp'));
    if (!sp) throw new Error('Unknown service provider');
    const acsUrl = url.searchParams.get('acs') ?? sp.acsUrls[0];
    if (acsUrl === undefined || !sp.acsUrls.includes(acsUrl)) throw new Error('This ACS URL is not registered for this service provider');
    return { spEntityId: sp.entityId, acsUrl, inResponseTo: null, relayState: url.searchParams.get('RelayState') ?? '' };
  };

  const sweep = (): void => {
    const now = Date.now();
    for (const [token, login] of pending) if (login.expiresAt < now) pending.delete(token);
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, '127.0.0.1', () => resolve());
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const ssoUrl = `${baseUrl}/sso`;
  const idp = createSamlIdentityProvider({ entityId: `${baseUrl}/metadata`, ...(o.certificate ? { certificate: o.certificate } : {}) });
  const metadataXml = idp.metadataXml(ssoUrl);
  ready.idp = idp;
  ready.metadataXml = metadataXml;

  return {
    entityId: idp.entityId,
    ssoUrl,
    metadataXml,
    baseUrl,
    idpInitiatedUrl: (spEntityId, acsUrl) => {
      const u = new URL('/idp-init', baseUrl);
      u.searchParams.set('sp', spEntityId);
      if (acsUrl !== undefined) u.searchParams.set('acs', acsUrl);
      return u.toString();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(body);
}

/** Strict CSP: nothing loads; inline style/script only with this response's nonce; forms post only where intended. */
function html(res: ServerResponse, status: number, nonce: string, body: string, formTarget?: string): void {
  const formAction = formTarget ? `'self' ${new URL(formTarget).origin}` : `'self'`;
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'content-security-policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; form-action ${formAction}; base-uri 'none'; frame-ancestors 'none'`,
  });
  res.end(body);
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) throw new Error('form too large');
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
