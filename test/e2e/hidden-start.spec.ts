import type { BrowserContext, Page } from '@playwright/test';
import { NEEDS_SIGN_IN_BODY, NEEDS_SIGN_IN_TITLE } from '../../main/runtime/hidden-start';
import { openAppWindow, sessionView } from './support/app-window';
import { expect, test } from './support/fixture';
import { openAndSignIn, openApp, type Keyhaven } from './support/keyhaven';

const ALICE = 'alice@oidc.demo.keyhaven.test';

// The IdPs outlive the host: the restarted host meets the same IdP, which still holds the
// browser's session from the first sign-in, as a company's IdP would.
test.use({ keyhavenOptions: { standaloneIdps: true } });

/**
 * The "system browser" of the restarted host: the same browser context as the first sign-in
 * (so the IdP's cookies are there), one new page per URL. Nobody clicks in it.
 */
function systemBrowser(context: BrowserContext): { pages: Page[]; openExternal: (url: string) => Promise<void> } {
  const pages: Page[] = [];
  return {
    pages,
    async openExternal(url) {
      const page = await context.newPage();
      pages.push(page);
      // Not awaited: like a real browser, it loads while the app waits for the callback.
      page.goto(url).catch(() => undefined);
    },
  };
}

/**
 * Signs in once normally (the IdP now has a session in this browser context), signs out of the
 * app and stops it, as a computer that shuts down signed out.
 */
async function signInThenSignOut(page: Page, context: BrowserContext, first: Keyhaven, email: string = ALICE): Promise<void> {
  await openAndSignIn(page, context, first, email);
  await expect(page.getByRole('heading', { name: `Welcome to Keyhaven, ${email}` })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to Keyhaven' })).toBeVisible();
  const app = await openAppWindow(first);
  expect((await sessionView(app)).kind).toBe('signed-out');
  // The remembered email is what the hidden start signs in as (a new window's sign-in screen offers it).
  expect(await app.getAppInfo({})).toMatchObject({ ok: true, value: { lastEmail: email } });
  await first.close();
  await page.goto('about:blank');
}

test('hidden start: with a remembered device and a live IdP session, the app reaches "signed in" with no user input', async ({ page, context, keyhaven }) => {
  await signInThenSignOut(page, context, keyhaven);

  const browser = systemBrowser(context);
  keyhaven = await keyhaven.restart({ hidden: true, hiddenStartTimeoutMs: 30_000, openExternal: browser.openExternal });
  expect(keyhaven.host.hiddenStart).not.toBeNull();
  // No window, no click: the host opened the IdP once and the IdP bounced straight back.
  expect(await keyhaven.host.hiddenStart).toEqual({ kind: 'signed-in' });
  expect(keyhaven.host.openedUrls).toHaveLength(1);
  expect(new URL(keyhaven.host.openedUrls[0]!).origin).toBe(keyhaven.idps.oidcIssuer);
  expect(keyhaven.host.notifications).toEqual([]);
  const view = await sessionView(await openAppWindow(keyhaven));
  expect(view.kind).toBe('signed-in');
  expect(view.kind === 'signed-in' ? view.user.email : null).toBe(ALICE);

  // The system browser never showed the IdP's login form: it ended on the app's callback page.
  expect(browser.pages).toHaveLength(1);
  const landed = browser.pages[0]!;
  await expect(landed.getByRole('heading', { name: 'You are signed in' })).toBeVisible();
  expect(new URL(landed.url()).hostname).toBe('127.0.0.1');
  await expect(landed.getByLabel('Password')).toHaveCount(0);
  await landed.screenshot({ path: test.info().outputPath('hidden-start-browser.png') });

  // Opening the window now shows the signed-in app (the onboarding this user has not finished).
  await openApp(page, keyhaven);
  await expect(page.getByRole('heading', { name: `Welcome to Keyhaven, ${ALICE}` })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('hidden-start-app.png') });
  // Same person and device as before: nobody new was provisioned.
  expect(await keyhaven.scimUsers()).toEqual([{ userName: ALICE, node: 'Demo Corp', role: 'Employee' }]);
});

test('hidden start without an IdP session: the flow ends "needs-user" and says so once with a notification', async ({ page, context, keyhaven }) => {
  await signInThenSignOut(page, context, keyhaven);
  // The IdP's session is gone from the system browser (cookies expired, or another browser).
  await context.clearCookies();

  const browser = systemBrowser(context);
  keyhaven = await keyhaven.restart({ hidden: true, hiddenStartTimeoutMs: 5_000, openExternal: browser.openExternal });
  expect(await keyhaven.host.hiddenStart).toEqual({ kind: 'needs-user', reason: 'interaction-required' });
  expect(keyhaven.host.notifications).toEqual([{ title: NEEDS_SIGN_IN_TITLE, body: NEEDS_SIGN_IN_BODY }]);
  expect(NEEDS_SIGN_IN_TITLE).toBe('Keyhaven needs you to sign in');
  expect((await sessionView(await openAppWindow(keyhaven))).kind).toBe('signed-out');

  // The IdP wanted the person: its login form is what the system browser shows.
  expect(browser.pages).toHaveLength(1);
  await expect(browser.pages[0]!.getByLabel('Password')).toBeVisible();
  await browser.pages[0]!.screenshot({ path: test.info().outputPath('hidden-start-idp-login.png') });

  await openApp(page, keyhaven);
  await expect(page.getByRole('heading', { name: 'Sign in to Keyhaven' })).toBeVisible();
});

test('hidden start with a managed ssoConnection signs in through exactly that connection', async ({ page, context, keyhaven }) => {
  // The administrator names the connection (before, naming one turned silent sign-in off).
  await signInThenSignOut(page, context, keyhaven);

  const browser = systemBrowser(context);
  const managed = { kind: 'ok', file: '/etc/keyhaven/managed.json', files: ['/etc/keyhaven/managed.json'], config: { ssoConnection: 'demo-oidc', lockedSettings: [] } } as const;
  keyhaven = await keyhaven.restart({ hidden: true, hiddenStartTimeoutMs: 30_000, openExternal: browser.openExternal, managed: managed as never });
  expect(keyhaven.host.hiddenStart).not.toBeNull();
  expect(await keyhaven.host.hiddenStart).toEqual({ kind: 'signed-in' });
  expect(keyhaven.host.openedUrls).toHaveLength(1);
  const opened = new URL(keyhaven.host.openedUrls[0]!);
  expect(opened.origin).toBe(keyhaven.idps.oidcIssuer);
  // The remembered email only tells the IdP whom to expect.
  expect(opened.searchParams.get('login_hint')).toBe(ALICE);
  const view = await sessionView(await openAppWindow(keyhaven));
  expect(view.kind === 'signed-in' ? view.user.email : null).toBe(ALICE);
});

test('hidden start through SAML: the IdP session makes the sign-in click-free too', async ({ page, context, keyhaven }) => {
  const bob = 'bob@saml.demo.keyhaven.test';
  await signInThenSignOut(page, context, keyhaven, bob);

  const browser = systemBrowser(context);
  keyhaven = await keyhaven.restart({ hidden: true, hiddenStartTimeoutMs: 30_000, openExternal: browser.openExternal });
  expect(await keyhaven.host.hiddenStart).toEqual({ kind: 'signed-in' });
  expect(keyhaven.host.notifications).toEqual([]);
  const view = await sessionView(await openAppWindow(keyhaven));
  expect(view.kind === 'signed-in' ? view.user.email : null).toBe(bob);
  const landed = browser.pages[0]!;
  await expect(landed.getByRole('heading', { name: 'You are signed in' })).toBeVisible();
  await expect(landed.getByLabel('Password')).toHaveCount(0);
  expect(await keyhaven.scimUsers()).toEqual([{ userName: bob, node: 'Engineering', role: 'Engineer' }]);
});
