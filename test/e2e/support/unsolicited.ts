import { expect, type BrowserContext, type Page } from '@playwright/test';
import { demoPassword, type Keyhaven } from './keyhaven';
import { openIdpAndFill, samlLoopbackAcsUrl, samlSpEntityId, submitIdpLogin } from './sso';

/**
 * The login-CSRF attacker of the SAML loopback ACS: someone with an account at the same IdP gets
 * a validly signed IdP-initiated response for THEMSELVES (their browser never delivers it), then
 * puts it in a web page that auto-posts it to the victim's app.
 */
export async function attackersOwnResponse(context: BrowserContext, keyhaven: Keyhaven, attacker: string): Promise<string> {
  const idp = keyhaven.idps.samlIdp;
  if (!idp) throw new Error('the demo SAML IdP is not running');
  const acsUrl = samlLoopbackAcsUrl(keyhaven, 'demo-saml');
  // A fresh context: the attacker's own browser, with no IdP session of the victim's.
  const own = await context.browser()!.newContext();
  try {
    let captured = '';
    await own.route(acsUrl, async (route) => {
      captured = new URLSearchParams(route.request().postData() ?? '').get('SAMLResponse') ?? '';
      await route.abort();
    });
    const idpPage = await openIdpAndFill(own, idp.idpInitiatedUrl(samlSpEntityId(keyhaven, 'demo-saml'), acsUrl), attacker, demoPassword(attacker));
    await submitIdpLogin(idpPage);
    await expect.poll(() => captured).not.toBe('');
    return captured;
  } finally {
    await own.close();
  }
}

export const ATTACKER_ORIGIN = 'http://attacker.example';

/**
 * Opens a page on the attacker's site that auto-posts `samlResponse` to the app's loopback ACS.
 * `hideOrigin`: the page sets Referrer-Policy no-referrer, so the browser sends `Origin: null`.
 */
export async function postFromAttackerPage(context: BrowserContext, keyhaven: Keyhaven, samlResponse: string, o: { hideOrigin: boolean }): Promise<Page> {
  const page = await context.newPage();
  const acsUrl = samlLoopbackAcsUrl(keyhaven, 'demo-saml');
  await page.route(`${ATTACKER_ORIGIN}/**`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html><head>${o.hideOrigin ? '<meta name="referrer" content="no-referrer">' : ''}<title>Cute cats</title></head>
<body><form id="f" method="post" action="${acsUrl}"><input type="hidden" name="SAMLResponse" value="${samlResponse}"></form>
<script>document.getElementById('f').submit()</script></body></html>`,
    }),
  );
  await page.goto(`${ATTACKER_ORIGIN}/cats.html`);
  await page.waitForURL(acsUrl);
  return page;
}

/** Audit events of one type (newest first), with their reason. */
export async function auditEvents(keyhaven: Keyhaven, type: string): Promise<{ reason?: string; userId?: string }[]> {
  const res = await fetch(`${keyhaven.backendUrl}/v1/admin/events?type=${encodeURIComponent(type)}`, { headers: { authorization: `Bearer ${keyhaven.adminToken}` } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { events: { reason?: string; userId?: string }[] }).events;
}
