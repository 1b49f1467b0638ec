import { expect, test } from './support/fixture';
import { demoPassword, openApp } from './support/keyhaven';
import {
  continueWithEmail,
  expectLoopbackFailure,
  expectLoopbackSuccess,
  expectPortClosed,
  expectSignInAlert,
  nextLoopbackRequest,
  oidcLoopbackPort,
  openIdpAndFill,
  postFormFromBrowser,
  rawRequest,
  samlAcsPort,
  samlLoopbackAcsUrl,
  submitIdpLogin,
  tcpConnect,
} from './support/sso';

/**
 * The app's loopback servers (RFC 8252): the OIDC callback (ephemeral port, one per sign-in)
 * and the SAML ACS (fixed port). Most tests end signed in, so each has its own host (the fixture's).
 */

const alice = 'alice@oidc.demo.keyhaven.test';
const bob = 'bob@saml.demo.keyhaven.test';

test('a request with a wrong Host header is refused (421) and the waiting sign-in is not disturbed', async ({ page, context, keyhaven }) => {
  await openApp(page, keyhaven);
  const idpUrl = await continueWithEmail(page, keyhaven, alice);
  const port = oidcLoopbackPort(idpUrl);
  const state = new URL(idpUrl).searchParams.get('state') ?? '';
  const callbackPath = `/sso/oidc/callback?code=forged&state=${encodeURIComponent(state)}`;

  // A page on a rebound DNS name reaches 127.0.0.1 with its own name in Host.
  for (const host of [`evil.example:${port}`, `127.0.0.1.evil.example:${port}`, `localhost:${port + 1}`]) {
    const res = await rawRequest(port, { host, path: callbackPath });
    expect(res.status, `Host: ${host}`).toBe(421);
    expect(res.body).toContain('Wrong address');
    expect(res.body).not.toContain('forged');
  }
  const acsPort = samlAcsPort(keyhaven);
  const acs = await rawRequest(acsPort, { host: `evil.example:${acsPort}`, path: '/sso/saml/demo-saml/acs', method: 'POST', body: 'SAMLResponse=eA%3D%3D' });
  expect(acs.status).toBe(421);
  // Our own Host names pass the check (and a path of no interest is simply not found).
  expect((await rawRequest(port, { host: `127.0.0.1:${port}`, path: '/elsewhere' })).status).toBe(404);
  expect((await rawRequest(port, { host: `localhost:${port}`, path: '/elsewhere' })).status).toBe(404);

  // None of that touched the sign-in: it is still waiting and completes normally.
  await expect(page.getByRole('heading', { name: 'Waiting for your browser' })).toBeVisible();
  const browser = await openIdpAndFill(context, idpUrl, alice, demoPassword(alice));
  await submitIdpLogin(browser);
  await expectLoopbackSuccess(browser);
  await expect(page.getByRole('heading', { name: `Welcome to Keyhaven, ${alice}` })).toBeVisible();
});

test('OIDC: a callback replayed after success is refused, the server is closed, and nothing new is created', async ({ page, context, keyhaven }) => {
  await openApp(page, keyhaven);
  const idpUrl = await continueWithEmail(page, keyhaven, alice);
  const port = oidcLoopbackPort(idpUrl);
  const browser = await openIdpAndFill(context, idpUrl, alice, demoPassword(alice));
  const callback = nextLoopbackRequest(browser);
  await submitIdpLogin(browser);
  const callbackUrl = (await callback).url();
  expect(new URL(callbackUrl).port).toBe(String(port));
  await expectLoopbackSuccess(browser);
  await expect(page.getByRole('heading', { name: `Welcome to Keyhaven, ${alice}` })).toBeVisible();
  const users = await keyhaven.scimUsers();
  expect(users).toEqual([{ userName: alice, node: 'Demo Corp', role: 'Employee' }]);

  await expectPortClosed(port);
  await expect(browser.goto(callbackUrl)).rejects.toThrow(/ERR_CONNECTION_REFUSED/);
  expect(await tcpConnect(port)).toBe('refused');
  expect(await keyhaven.scimUsers()).toEqual(users);
  await expect(page.getByRole('heading', { name: `Welcome to Keyhaven, ${alice}` })).toBeVisible();
});

test('SAML: a response replayed after success is refused with the failure page, and nothing new is created', async ({ page, context, keyhaven }) => {
  await openApp(page, keyhaven);
  const idpUrl = await continueWithEmail(page, keyhaven, bob);
  const browser = await openIdpAndFill(context, idpUrl, bob, demoPassword(bob));
  const posted = nextLoopbackRequest(browser);
  await submitIdpLogin(browser);
  const request = await posted;
  const form = Object.fromEntries(new URLSearchParams(request.postData() ?? ''));
  expect(Object.keys(form).sort()).toEqual(['RelayState', 'SAMLResponse']);
  await expectLoopbackSuccess(browser);
  await expect(page.getByRole('heading', { name: `Welcome to Keyhaven, ${bob}` })).toBeVisible();
  const users = await keyhaven.scimUsers();
  expect(users).toEqual([{ userName: bob, node: 'Engineering', role: 'Engineer' }]);

  // The same POST again: its sign-in is over.
  await postFormFromBrowser(browser, request.url(), form);
  await expectLoopbackFailure(browser, 'transaction_not_found');
  // Without its RelayState it passes for IdP-initiated; the backend's replay cache still refuses it.
  await postFormFromBrowser(browser, request.url(), { SAMLResponse: form.SAMLResponse ?? '' });
  await expectLoopbackFailure(browser, 'invalid_response');

  expect(await keyhaven.scimUsers()).toEqual(users);
  await expect(page.getByRole('heading', { name: `Welcome to Keyhaven, ${bob}` })).toBeVisible();
});

test('OIDC: a callback that belongs to another transaction is refused, nothing is created, and the waiting sign-in goes on', async ({ page, context, keyhaven }) => {
  await openApp(page, keyhaven);
  const first = await continueWithEmail(page, keyhaven, alice);
  const firstPort = oidcLoopbackPort(first);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expectSignInAlert(page, 'sign_in_cancelled', 'Sign-in cancelled');
  const second = await continueWithEmail(page, keyhaven, alice);
  const secondPort = oidcLoopbackPort(second);
  expect(secondPort).not.toBe(firstPort);

  // The IdP answers the first transaction; that answer is then brought to the second one's server.
  const browser = await openIdpAndFill(context, first, alice, demoPassword(alice));
  const callback = nextLoopbackRequest(browser);
  await submitIdpLogin(browser);
  const foreign = new URL((await callback).url());
  expect(foreign.port).toBe(String(firstPort));
  foreign.port = String(secondPort);
  // A fresh tab: the first tab is still busy failing against the first (closed) server.
  const other = await context.newPage();
  await other.goto(foreign.toString());
  await expectLoopbackFailure(other, 'invalid_response');

  // A stray answer (any page can send one) must not end the sign-in the person is finishing.
  await expect(page.getByRole('heading', { name: 'Waiting for your browser' })).toBeVisible();
  expect(await tcpConnect(secondPort)).toBe('connected');
  expect(await keyhaven.scimUsers()).toEqual([]);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expectPortClosed(secondPort);
});

test('a Cancel pressed before the start has answered stays a Cancel: the loopback server closes and no sign-in waits', async ({ page, keyhaven }) => {
  await openApp(page, keyhaven);
  // The waiting screen comes from main's event; the start's own answer travels separately and, on
  // a busy machine, lands after the person pressed Cancel. Here it is held until then.
  let release = (): void => undefined;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route('**/rpc/startSignIn', async (route) => {
    const response = await route.fetch();
    await held;
    await route.fulfill({ response });
  });
  const idpUrl = await continueWithEmail(page, keyhaven, alice);
  const port = oidcLoopbackPort(idpUrl);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expectSignInAlert(page, 'sign_in_cancelled', 'Sign-in cancelled');

  release();
  // The form stops being busy once the late answer is taken in; it must not bring the waiting back.
  await expect(page.getByRole('button', { name: 'Continue' })).toBeEnabled();
  await expectSignInAlert(page, 'sign_in_cancelled', 'Sign-in cancelled');
  await expect(page.getByRole('heading', { name: 'Waiting for your browser' })).toBeHidden();
  await expectPortClosed(port);
  expect(keyhaven.host.openedUrls).toHaveLength(1);
});

test('SAML: a response for another transaction is refused, and the waiting sign-in still completes', async ({ page, context, keyhaven }) => {
  await openApp(page, keyhaven);
  const first = await continueWithEmail(page, keyhaven, bob);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expectSignInAlert(page, 'sign_in_cancelled', 'Sign-in cancelled');
  const second = await continueWithEmail(page, keyhaven, bob);
  expect(new URL(second).searchParams.get('RelayState')).not.toBe(new URL(first).searchParams.get('RelayState'));

  const stale = await openIdpAndFill(context, first, bob, demoPassword(bob));
  await submitIdpLogin(stale);
  await expectLoopbackFailure(stale, 'transaction_not_found');
  expect(await keyhaven.scimUsers()).toEqual([]);
  await expect(page.getByRole('heading', { name: 'Waiting for your browser' })).toBeVisible();

  // The IdP remembers the first (stale) sign-in; forget it so the second one shows its form again.
  await context.clearCookies();
  const current = await openIdpAndFill(context, second, bob, demoPassword(bob));
  const posted = nextLoopbackRequest(current);
  await submitIdpLogin(current);
  expect((await posted).url()).toBe(samlLoopbackAcsUrl(keyhaven, 'demo-saml'));
  await expectLoopbackSuccess(current);
  await expect(page.getByRole('heading', { name: `Welcome to Keyhaven, ${bob}` })).toBeVisible();
  expect(await keyhaven.scimUsers()).toEqual([{ userName: bob, node: 'Engineering', role: 'Engineer' }]);
});
