import { expect, test } from './support/fixture';
import { demoPassword, openApp } from './support/keyhaven';
import { continueWithEmail, EMAIL_FIELD, expectLoopbackSuccess, expectPortClosed, oidcLoopbackPort, openIdpAndFill, submitIdpLogin } from './support/sso';

/** OpenID Connect against the demo oidc-provider: each test signs someone in, so each has its own host (the fixture's). */

const alice = 'alice@oidc.demo.keyhaven.test';

test('a new employee signs in with OpenID Connect and is provisioned into the right node and role', async ({ page, context, keyhaven }) => {
  await openApp(page, keyhaven);
  await expect(page.getByRole('heading', { name: 'Sign in to Keyhaven' })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('sign-in.png') });
  expect(await keyhaven.scimUsers()).toEqual([]);

  const idpUrl = await continueWithEmail(page, keyhaven, alice);
  await expect(page.getByText(alice)).toBeVisible();
  await expect(page.getByRole('timer')).toContainText(/This sign-in expires in \d+:\d\d/);
  await page.screenshot({ path: test.info().outputPath('waiting.png') });
  // The app handed the IdP's authorization endpoint to the system browser, with PKCE and a loopback redirect.
  const authorization = new URL(idpUrl);
  expect(authorization.origin).toBe(keyhaven.idps.oidcIssuer);
  expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
  const port = oidcLoopbackPort(idpUrl);

  const browser = await openIdpAndFill(context, idpUrl, alice, demoPassword(alice));
  await submitIdpLogin(browser);
  await expectLoopbackSuccess(browser);

  await expect(page.getByRole('heading', { name: `Welcome to Keyhaven, ${alice}` })).toBeVisible();
  expect(await keyhaven.scimUsers()).toEqual([{ userName: alice, node: 'Demo Corp', role: 'Employee' }]);
  // One sign-in, one loopback server: it is gone once the sign-in is done.
  await expectPortClosed(port);
});

test('"Open the page again" opens the same IdP page again, and the last email is remembered after a restart', async ({ page, context, keyhaven }) => {
  await openApp(page, keyhaven);
  const idpUrl = await continueWithEmail(page, keyhaven, alice);
  expect(keyhaven.host.openedUrls).toEqual([idpUrl]);

  await page.getByRole('button', { name: 'Open the page again' }).click();
  await expect.poll(() => keyhaven.host.openedUrls.length).toBe(2);
  expect(keyhaven.host.openedUrls[1]).toBe(idpUrl);
  await expect(page.getByRole('heading', { name: 'Waiting for your browser' })).toBeVisible();

  // Still the same sign-in: the page opened the second time completes it.
  const browser = await openIdpAndFill(context, keyhaven.host.openedUrls[1]!, alice, demoPassword(alice));
  await submitIdpLogin(browser);
  await expectLoopbackSuccess(browser);
  await expect(page.getByRole('heading', { name: `Welcome to Keyhaven, ${alice}` })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to Keyhaven' })).toBeVisible();

  keyhaven = await keyhaven.restart();
  await openApp(page, keyhaven);
  await expect(page.getByRole('heading', { name: 'Sign in to Keyhaven' })).toBeVisible();
  await expect(page.getByLabel(EMAIL_FIELD)).toHaveValue(alice);
  await expect(page.getByRole('button', { name: 'Continue' })).toBeEnabled();
});
