import { randomBytes } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration } from 'oidc-provider';
import { escapeHtml } from '../backend/http/html-page';
import { createMemoryAdapterClass } from './oidc-memory-adapter';
import { makeOidcSigningJwk, type DemoOidcSigningJwk } from './demo-idp-keys';

export interface DemoOidcUser {
  readonly email: string;
  readonly password: string;
  readonly name: string;
  /** Default true; false lets tests prove the RP refuses unverified addresses. */
  readonly emailVerified?: boolean;
  /** A `groups` claim (profile scope), for role mappings by the connection's groupsAttribute. */
  readonly groups?: readonly string[];
}

export interface DemoOidcIdpOptions {
  readonly port?: number;
  readonly host?: '127.0.0.1';
  readonly users: readonly DemoOidcUser[];
  readonly clientId: string;
  /** The RS256 signing key as a private JWK with its kid (the demo of `npm start` keeps it); made at start otherwise. */
  readonly signingJwk?: DemoOidcSigningJwk;
}

export interface DemoOidcIdp {
  readonly issuer: string;
  close(): Promise<void>;
}

const MAX_FORM_BYTES = 16 * 1024;

/**
 * A real OpenID Provider (oidc-provider 9) for tests and `npm start` demo mode. Keys are made
 * at start unless given. One native public client: loopback redirect on any port (RFC 8252 §7.3), PKCE.
 * The sign-in page lists the demo accounts so a person trying the demo knows what to type.
 */
export async function startDemoOidcIdp(o: DemoOidcIdpOptions): Promise<DemoOidcIdp> {
  const host = o.host ?? '127.0.0.1';
  let provider: Provider | null = null;
  const server = http.createServer((req, res) => {
    if (provider === null) {
      res.statusCode = 503;
      res.end();
      return;
    }
    handle(provider, o.users, req, res).catch(() => {
      if (!res.headersSent) res.statusCode = 500;
      res.end('Demo IdP error');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, host, () => resolve());
  });
  const issuer = `http://${host}:${(server.address() as AddressInfo).port}`;

  // Made on libuv's thread pool: the SAML IdP's key (demo-environment.ts) is made meanwhile.
  const jwk = o.signingJwk ?? (await makeOidcSigningJwk());
  const accounts = o.users.map((u, i) => ({ ...u, sub: `demo-${i + 1}` }));

  const configuration: Configuration = {
    adapter: createMemoryAdapterClass(),
    clients: [
      {
        client_id: o.clientId,
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: ['http://127.0.0.1/sso/oidc/callback', 'http://localhost/sso/oidc/callback'],
      },
    ],
    jwks: { keys: [jwk as never] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
    // Put email in the ID token, as most enterprise IdPs do.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    // Short, explicit lifetimes: a demo has no reason to keep anything long.
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, sub) {
      const a = accounts.find((x) => x.sub === sub);
      if (!a) return undefined;
      return {
        accountId: a.sub,
        claims: async () => ({ sub: a.sub, email: a.email, email_verified: a.emailVerified ?? true, name: a.name, ...(a.groups ? { groups: [...a.groups] } : {}) }),
      };
    },
    renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = page('Sign-in error', `<p>${escapeHtml(String(out.error))}: ${escapeHtml(String(out.error_description ?? ''))}</p>`);
    },
  };
  provider = new Provider(issuer, configuration);
  provider.on('server_error', () => undefined);

  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(provider: Provider, users: readonly DemoOidcUser[], req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://demo');
  const m = /^\/interaction\/([\w-]+)(\/(login|abort))?$/.exec(url.pathname);
  if (m === null) {
    provider.callback()(req, res);
    return;
  }
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'GET' && m[2] === undefined) {
    if (details.prompt.name === 'consent') {
      // Demo: consent is granted automatically for what the client asked.
      const grant = details.grantId ? await provider.Grant.find(details.grantId) : new provider.Grant({ accountId: details.session?.accountId ?? '', clientId: String(details.params.client_id) });
      if (!grant) throw new Error('grant not found');
      grant.addOIDCScope(String(details.params.scope ?? 'openid'));
      const grantId = await grant.save();
      await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
      return;
    }
    const hint = typeof details.params.login_hint === 'string' ? details.params.login_hint : '';
    sendHtml(res, 200, loginPage(details.uid, users, null, hint));
    return;
  }
  if (req.method === 'POST' && m[3] === 'abort') {
    await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'The user cancelled the sign-in.' }, { mergeWithLastSubmission: false });
    return;
  }
  if (req.method === 'POST' && m[3] === 'login') {
    const form = new URLSearchParams(await readBody(req));
    const email = (form.get('login') ?? '').trim().toLowerCase();
    const index = users.findIndex((u) => u.email.toLowerCase() === email && u.password === form.get('password'));
    if (index === -1) {
      sendHtml(res, 200, loginPage(details.uid, users, 'Unknown email or wrong password.'));
      return;
    }
    await provider.interactionFinished(req, res, { login: { accountId: `demo-${index + 1}` } }, { mergeWithLastSubmission: false });
    return;
  }
  sendHtml(res, 405, page('Not allowed', '<p>Method not allowed.</p>'));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_FORM_BYTES) {
        reject(new Error('form too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.statusCode = status;
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.end(html);
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}label{display:block;margin:.6rem 0 .2rem}input{width:100%;padding:.4rem;box-sizing:border-box}button{margin-top:1rem;padding:.5rem 1rem}table{border-collapse:collapse;margin-top:.5rem}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left}</style>
</head><body><main>${body}</main></body></html>`;
}

function loginPage(uid: string, users: readonly DemoOidcUser[], error: string | null, hint = ''): string {
  const rows = users
    .map((u) => `<tr><td>${escapeHtml(u.name)}</td><td><code>${escapeHtml(u.email)}</code></td><td><code>${escapeHtml(u.password)}</code></td></tr>`)
    .join('');
  return page(
    'Demo identity provider — sign in',
    `<h1>Demo identity provider</h1>
<p>This is a local OpenID Connect provider for trying Keyhaven. Sign in with one of the demo accounts below.</p>
${error === null ? '' : `<p role="alert">${escapeHtml(error)}</p>`}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<label for="login">Email</label><input id="login" name="login" type="email" autocomplete="username" required autofocus value="${escapeHtml(hint)}">
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>
<form method="post" action="/interaction/${escapeHtml(uid)}/abort"><button type="submit">Cancel</button></form>
<h2>Demo accounts</h2>
<table><thead><tr><th>Name</th><th>Email</th><th>Password</th></tr></thead><tbody>${rows}</tbody></table>`,
  );
}
