/**
 * Drives an OIDC authorization through the demo IdP the way a browser would: real HTTP, a
 * cookie jar, the login form and the consent step. Stops at the loopback redirect and returns
 * that URL (what the desktop app's loopback server would receive).
 */
export interface BrowserSignIn {
  readonly login: string;
  readonly password: string;
  /** Press "Cancel" on the IdP's page instead of signing in. */
  readonly cancel?: boolean;
}

class CookieJar {
  private readonly cookies = new Map<string, string>();
  store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (!pair || eq < 1) continue;
      const name = pair.slice(0, eq).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && new Date(a.split('=')[1] ?? '').getTime() < Date.now()));
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(eq + 1).trim());
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

export async function authorizeInBrowser(authorizationUrl: string, redirectPrefix: string, o: BrowserSignIn): Promise<string> {
  const jar = new CookieJar();
  let url = authorizationUrl;
  let method = 'GET';
  let body: string | undefined;
  for (let hop = 0; hop < 20; hop += 1) {
    if (url.startsWith(redirectPrefix)) return url;
    const res = await fetch(url, {
      method,
      redirect: 'manual',
      headers: { cookie: jar.header(), ...(body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }) },
      ...(body === undefined ? {} : { body }),
    });
    jar.store(res);
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      url = new URL(location, url).href;
      method = 'GET';
      body = undefined;
      await res.arrayBuffer();
      continue;
    }
    const html = await res.text();
    if (res.status !== 200) throw new Error(`IdP answered ${res.status}: ${html.slice(0, 300)}`);
    const action = o.cancel ? /action="([^"]+\/abort)"/.exec(html)?.[1] : /action="([^"]+\/login)"/.exec(html)?.[1];
    if (!action) throw new Error(`no form on the IdP page: ${html.slice(0, 300)}`);
    if (!html.includes('<label for="login">Email</label>') || !html.includes('<label for="password">Password</label>')) {
      throw new Error('the IdP login form lacks its labels');
    }
    url = new URL(action.replace(/&amp;/g, '&'), url).href;
    method = 'POST';
    body = o.cancel ? '' : new URLSearchParams({ login: o.login, password: o.password }).toString();
  }
  throw new Error('too many redirects');
}
