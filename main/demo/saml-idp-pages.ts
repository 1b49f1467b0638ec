import { escapeXml as esc } from './saml-xml-escape';

/** HTML of the demo SAML IdP. Every dynamic value goes through `esc`; scripts run only by nonce. */

export interface DemoAccount {
  readonly email: string;
  readonly password: string;
  readonly name: string;
}

const STYLE = `
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #f4f5f7; color: #1d1f23; }
  main { max-width: 26rem; margin: 3rem auto; background: #fff; padding: 2rem; border-radius: 8px; box-shadow: 0 1px 4px #0002; }
  h1 { font-size: 1.4rem; margin-top: 0; }
  label { display: block; margin-top: 1rem; font-weight: 600; }
  input { width: 100%; box-sizing: border-box; padding: .5rem; font: inherit; border: 1px solid #6b7280; border-radius: 4px; }
  input:focus, button:focus { outline: 3px solid #2563eb; outline-offset: 2px; }
  button { margin-top: 1.5rem; padding: .6rem 1.2rem; font: inherit; background: #1d4ed8; color: #fff; border: 0; border-radius: 4px; cursor: pointer; }
  .error { color: #b91c1c; font-weight: 600; }
  table { border-collapse: collapse; margin-top: .5rem; font-size: .9rem; }
  th, td { text-align: left; padding: .2rem .8rem .2rem 0; }
`;

function page(title: string, nonce: string, body: string): string {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${esc(title)}</title><style nonce="${esc(nonce)}">${STYLE}</style></head>` +
    `<body><main>${body}</main></body></html>`
  );
}

export function loginPage(o: { nonce: string; token: string; spName: string; accounts: readonly DemoAccount[]; error?: string; email?: string }): string {
  const accounts = o.accounts
    .map((a) => `<tr><td>${esc(a.name)}</td><td>${esc(a.email)}</td><td><code>${esc(a.password)}</code></td></tr>`)
    .join('');
  return page(
    'Sign in — Keyhaven demo SAML IdP',
    o.nonce,
    `<h1>Sign in to the demo SAML identity provider</h1>` +
      `<p>Signing in to <strong>${esc(o.spName)}</strong>.</p>` +
      (o.error ? `<p class="error" role="alert">${esc(o.error)}</p>` : '') +
      `<form method="post" action="/login">` +
      `<input type="hidden" name="token" value="${esc(o.token)}">` +
      `<label for="email">Email</label>` +
      `<input id="email" name="email" type="email" autocomplete="username" required value="${esc(o.email ?? '')}">` +
      `<label for="password">Password</label>` +
      `<input id="password" name="password" type="password" autocomplete="current-password" required>` +
      `<button type="submit">Sign in</button>` +
      `</form>` +
      `<section aria-labelledby="accounts"><h2 id="accounts">Demo accounts</h2>` +
      `<table><thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Password</th></tr></thead>` +
      `<tbody>${accounts}</tbody></table></section>`,
  );
}

/** SAML bindings §3.5.4: the HTTP-POST binding as a self-submitting form, with a button for no-JS. */
export function postBindingPage(o: { nonce: string; acsUrl: string; samlResponse: string; relayState: string }): string {
  return page(
    'Signing you in — Keyhaven demo SAML IdP',
    o.nonce,
    `<h1>Signing you in…</h1>` +
      `<form method="post" action="${esc(o.acsUrl)}" id="saml-post">` +
      `<input type="hidden" name="SAMLResponse" value="${esc(o.samlResponse)}">` +
      (o.relayState === '' ? '' : `<input type="hidden" name="RelayState" value="${esc(o.relayState)}">`) +
      `<p>If nothing happens, press Continue.</p>` +
      `<button type="submit">Continue</button>` +
      `</form>` +
      `<script nonce="${esc(o.nonce)}">document.getElementById('saml-post').submit();</script>`,
  );
}

export function errorPage(o: { nonce: string; message: string }): string {
  return page('Error — Keyhaven demo SAML IdP', o.nonce, `<h1>Cannot sign you in</h1><p class="error" role="alert">${esc(o.message)}</p>`);
}
