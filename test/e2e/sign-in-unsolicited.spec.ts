import type { KeyhavenApi } from '../../preload/contract';
import { sessionView } from './support/app-window';
import { expect, test } from './support/fixture';
import { demoPassword, openAndSignIn, openApp } from './support/keyhaven';
import { continueWithEmail, expectLoopbackFailure, expectLoopbackSuccess, openIdpAndFill, samlSpEntityId, submitIdpLogin } from './support/sso';
import { attackersOwnResponse, auditEvents, postFromAttackerPage } from './support/unsolicited';

/**
 * Sign-ins Keyhaven did not start: an IdP dashboard tile, a keyhaven:// link, or a SAML response
 * posted to the loopback ACS by some web page (login CSRF). None may silently switch the account
 * or end a sign-in in progress.
 */

const alice = 'alice@oidc.demo.keyhaven.test';
const carol = 'carol@oidc.demo.keyhaven.test';
const dave = 'dave@saml.demo.keyhaven.test';
const welcome = (email: string) => ({ name: `Welcome to Keyhaven, ${email}` });

async function signedInAs(app: KeyhavenApi): Promise<string | null> {
  const view = await sessionView(app);
  return view.kind === 'signed-in' ? view.user.email : null;
}

test('login CSRF: a web page posting the attacker’s own response from a foreign Origin is refused and the app stays signed in', async ({ page, context, keyhaven, app }) => {
  await openAndSignIn(page, context, keyhaven, alice);
  await expect(page.getByRole('heading', welcome(alice))).toBeVisible();

  const stolen = await attackersOwnResponse(context, keyhaven, dave);
  const attack = await postFromAttackerPage(context, keyhaven, stolen, { hideOrigin: false });
  await expectLoopbackFailure(attack, 'invalid_response');

  await expect(page.getByRole('heading', welcome(alice))).toBeVisible();
  await expect(page.getByRole('heading', { name: /Sign in as/ })).toHaveCount(0);
  expect(await signedInAs(app)).toBe(alice);
  // The backend refused it (the poster check) and audited it; nobody was provisioned.
  expect(await auditEvents(keyhaven, 'sign_in.failed')).toContainEqual(expect.objectContaining({ reason: 'invalid_response' }));
  expect((await keyhaven.scimUsers()).map((u) => u.userName)).toEqual([alice]);
});

test('login CSRF without an Origin: the person is asked “Sign in as …?”; Cancel keeps the account, Confirm switches', async ({ page, context, keyhaven, app }) => {
  await openAndSignIn(page, context, keyhaven, alice);
  await expect(page.getByRole('heading', welcome(alice))).toBeVisible();

  const attack = await postFromAttackerPage(context, keyhaven, await attackersOwnResponse(context, keyhaven, dave), { hideOrigin: true });
  await expect(attack.getByRole('heading', { name: 'Confirm in Keyhaven' })).toBeVisible();
  const question = page.getByRole('alertdialog', { name: `Sign in as ${dave}?` });
  await expect(question).toBeVisible();
  // Nothing switched while the question is open, and the safe answer has the focus.
  expect(await signedInAs(app)).toBe(alice);
  await expect(question.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await question.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('heading', welcome(alice))).toBeVisible();
  expect(await signedInAs(app)).toBe(alice);
  await expect.poll(async () => (await auditEvents(keyhaven, 'sign_in.declined')).map((e) => e.reason)).toEqual(['declined']);

  // Had it really been the person's own sign-in, Confirm takes it.
  await postFromAttackerPage(context, keyhaven, await attackersOwnResponse(context, keyhaven, dave), { hideOrigin: true });
  await page.getByRole('alertdialog', { name: `Sign in as ${dave}?` }).getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByRole('heading', welcome(dave))).toBeVisible();
  expect(await signedInAs(app)).toBe(dave);
});

test('an unsolicited response while a sign-in is waiting asks first; Cancel returns to the waiting sign-in, which completes', async ({ page, context, keyhaven }) => {
  await openApp(page, keyhaven);
  const idpUrl = await continueWithEmail(page, keyhaven, alice);
  await postFromAttackerPage(context, keyhaven, await attackersOwnResponse(context, keyhaven, dave), { hideOrigin: true });
  const question = page.getByRole('alertdialog', { name: `Sign in as ${dave}?` });
  await question.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('heading', { name: 'Waiting for your browser' })).toBeVisible();

  const browser = await openIdpAndFill(context, idpUrl, alice, demoPassword(alice));
  await submitIdpLogin(browser);
  await expectLoopbackSuccess(browser);
  await expect(page.getByRole('heading', welcome(alice))).toBeVisible();
});

test('a wrong-state request to the OIDC callback is answered with an error and does not end the waiting sign-in', async ({ page, context, keyhaven }) => {
  await openApp(page, keyhaven);
  const idpUrl = await continueWithEmail(page, keyhaven, alice);
  const redirect = new URL(new URL(idpUrl).searchParams.get('redirect_uri')!);
  const stray = await context.newPage();
  for (const query of ['?code=forged&state=not-the-state', '?code=forged', '?error=access_denied&state=x']) {
    await stray.goto(`${redirect.origin}${redirect.pathname}${query}`);
    await expectLoopbackFailure(stray, 'invalid_response');
  }
  await expect(page.getByRole('heading', { name: 'Waiting for your browser' })).toBeVisible();

  const browser = await openIdpAndFill(context, idpUrl, alice, demoPassword(alice));
  await submitIdpLogin(browser);
  await expectLoopbackSuccess(browser);
  await expect(page.getByRole('heading', welcome(alice))).toBeVisible();
});

test('a keyhaven://sign-in link does not replace a sign-in in progress, nor the signed-in account', async ({ page, context, keyhaven, app }) => {
  await openApp(page, keyhaven);
  const idpUrl = await continueWithEmail(page, keyhaven, alice);
  expect(await keyhaven.host.openDeepLink(`keyhaven://sign-in?email=${encodeURIComponent(carol)}`)).toBe('busy');
  expect(keyhaven.host.openedUrls).toEqual([idpUrl]);
  await expect(page.getByRole('heading', { name: 'Waiting for your browser' })).toBeVisible();

  const browser = await openIdpAndFill(context, idpUrl, alice, demoPassword(alice));
  await submitIdpLogin(browser);
  await expect(page.getByRole('heading', welcome(alice))).toBeVisible();
  expect(await keyhaven.host.openDeepLink(`keyhaven://sign-in?email=${encodeURIComponent(carol)}`)).toBe('busy');
  expect(keyhaven.host.openedUrls).toEqual([idpUrl]);
  expect(await signedInAs(app)).toBe(alice);
});

test('a keyhaven://sign-in link starts a sign-in when nothing is in progress', async ({ page, keyhaven }) => {
  await openApp(page, keyhaven);
  await expect(page.getByRole('heading', { name: 'Sign in to Keyhaven' })).toBeVisible();
  expect(await keyhaven.host.openDeepLink(`keyhaven://sign-in?email=${encodeURIComponent(alice)}`)).toBe('started');
  await expect(page.getByRole('heading', { name: 'Waiting for your browser' })).toBeVisible();
  expect(keyhaven.host.openedUrls).toHaveLength(1);
});

test('an IdP dashboard tile signs the app in through the backend: the page says what happened, the app asks first, the link works once', async ({ page, context, keyhaven, app }) => {
  await openApp(page, keyhaven);
  await expect(page.getByRole('heading', { name: 'Sign in to Keyhaven' })).toBeVisible();
  const idp = keyhaven.idps.samlIdp!;
  // The tile: IdP-initiated to the backend's own ACS (the first one the SP registered), not the app.
  const tile = await openIdpAndFill(context, idp.idpInitiatedUrl(samlSpEntityId(keyhaven, 'demo-saml')), dave, demoPassword(dave));
  await submitIdpLogin(tile);
  await expect(tile.getByRole('heading', { name: 'Finish signing in in the Keyhaven app' })).toBeVisible();
  expect(new URL(tile.url()).origin).toBe(keyhaven.backendUrl);
  await expect(tile.getByText('You are not signed in to Keyhaven yet')).toBeVisible();
  await expect(tile.getByText('You are signed in')).toHaveCount(0);
  const link = await tile.getByRole('link', { name: 'Open Keyhaven' }).getAttribute('href');
  expect(link).toMatch(/^keyhaven:\/\/handover\?code=[\w-]{43}$/);
  expect(await signedInAs(app)).toBeNull();

  // The OS hands the link to the app.
  expect(await keyhaven.host.openDeepLink(link!)).toBe('confirming');
  const question = page.getByRole('alertdialog', { name: `Sign in as ${dave}?` });
  await question.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByRole('heading', welcome(dave))).toBeVisible();
  expect(await signedInAs(app)).toBe(dave);
  expect(keyhaven.host.openedUrls).toEqual([]);

  // Used: the same link again changes nothing.
  expect(await keyhaven.host.openDeepLink(link!)).toBe('shown');
  await expect(page.getByRole('heading', welcome(dave))).toBeVisible();
});
