import type { Page } from '@playwright/test';
import { DEMO_TENANT, type DemoTenantSpec } from '../../main/demo/demo-environment';
import { expect, shareKeyhaven, test } from './support/fixture';
import { demoPassword, openApp, type Keyhaven } from './support/keyhaven';
import {
  continueWithEmail,
  deactivateUser,
  EMAIL_FIELD,
  expectLoopbackFailure,
  expectLoopbackSuccess,
  expectPortClosed,
  expectSignInAlert,
  failedSignInReasons,
  nextLoopbackRequest,
  oidcLoopbackPort,
  openIdpAndFill,
  scimUser,
  submitIdpLogin,
} from './support/sso';

const alice = 'alice@oidc.demo.keyhaven.test';
const bob = 'bob@saml.demo.keyhaven.test';

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`) });
}

test.describe('refusals that leave the app signed out (one host)', () => {
  shareKeyhaven();
  test.afterEach(async ({ keyhaven }) => {
    // Every test here must leave nobody provisioned: a sign-in that went through would show up.
    expect(await keyhaven.scimUsers()).toEqual([]);
  });

  test('an unknown domain is refused with a clear message', async ({ page, keyhaven }) => {
    await openApp(page, keyhaven);
    await page.getByLabel(EMAIL_FIELD).fill('someone@unknown-company.test');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expectSignInAlert(page, 'no_sso_for_domain', 'does not use Keyhaven with this email domain');
    await shot(page, 'error-unknown-domain');
    // Nothing was handed to the browser.
    expect(keyhaven.host.openedUrls).toEqual([]);
  });

  test('a sign-in cancelled on the waiting screen says so, and its late answer is not accepted', async ({ page, context, keyhaven }) => {
    await openApp(page, keyhaven);
    const idpUrl = await continueWithEmail(page, keyhaven, alice);
    await shot(page, 'waiting');
    const port = oidcLoopbackPort(idpUrl);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expectSignInAlert(page, 'sign_in_cancelled', 'Sign-in cancelled');
    await expect(page.getByRole('heading', { name: 'Sign in to Keyhaven' })).toBeVisible();
    await shot(page, 'error-cancelled');
    await expectPortClosed(port);

    // The user finishes at the IdP anyway: the callback finds no one listening.
    const browser = await openIdpAndFill(context, idpUrl, alice, demoPassword(alice));
    const callback = nextLoopbackRequest(browser);
    const failed = browser.waitForEvent('requestfailed', (r) => r.url().startsWith(`http://127.0.0.1:${port}/`));
    await submitIdpLogin(browser);
    await callback;
    expect((await failed).failure()?.errorText).toContain('ERR_CONNECTION_REFUSED');
    await expectSignInAlert(page, 'sign_in_cancelled', 'Sign-in cancelled');
  });

  test('a SAML sign-in cancelled on the waiting screen refuses its late answer', async ({ page, context, keyhaven }) => {
    await openApp(page, keyhaven);
    const idpUrl = await continueWithEmail(page, keyhaven, bob);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expectSignInAlert(page, 'sign_in_cancelled', 'Sign-in cancelled');

    const browser = await openIdpAndFill(context, idpUrl, bob, demoPassword(bob));
    await submitIdpLogin(browser);
    await expectLoopbackFailure(browser, 'transaction_not_found');
    await expectSignInAlert(page, 'sign_in_cancelled', 'Sign-in cancelled');
  });

  test('an error answered by the identity provider (the user cancels there) is shown as an IdP error', async ({ page, context, keyhaven }) => {
    await openApp(page, keyhaven);
    const idpUrl = await continueWithEmail(page, keyhaven, alice);
    const browser = await context.newPage();
    await browser.goto(idpUrl);
    await browser.getByRole('button', { name: 'Cancel' }).click();
    await expectLoopbackFailure(browser, 'idp_error');
    await expectSignInAlert(page, 'idp_error', 'Your identity provider reported a problem');
    await expect(page.getByRole('alert')).toContainText('access_denied');
    await shot(page, 'error-idp');
  });

  test('an OIDC answer whose state was tampered with is refused, and the real sign-in still waits', async ({ page, context, keyhaven }) => {
    await openApp(page, keyhaven);
    const idpUrl = await continueWithEmail(page, keyhaven, alice);
    const port = oidcLoopbackPort(idpUrl);
    const tampered = new URL(idpUrl);
    tampered.searchParams.set('state', `${tampered.searchParams.get('state')}x`);

    const browser = await openIdpAndFill(context, tampered.toString(), alice, demoPassword(alice));
    await submitIdpLogin(browser);
    await expectLoopbackFailure(browser, 'invalid_response');
    await expect(browser.getByText('state:')).toBeVisible();
    // Any page can send a request to the loopback port: a stray answer must not end the sign-in
    // the person is finishing. Nothing was relayed, so nothing was created.
    await expect(page.getByRole('heading', { name: 'Waiting for your browser' })).toBeVisible();
    expect(await keyhaven.scimUsers()).toEqual([]);
    await shot(page, 'error-tampered-state');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expectPortClosed(port);
  });

  test('a SAML answer whose RelayState was tampered with is refused', async ({ page, context, keyhaven }) => {
    await openApp(page, keyhaven);
    const idpUrl = await continueWithEmail(page, keyhaven, bob);
    const tampered = new URL(idpUrl);
    tampered.searchParams.set('RelayState', 'not-the-transaction-of-this-sign-in');

    const browser = await openIdpAndFill(context, tampered.toString(), bob, demoPassword(bob));
    await submitIdpLogin(browser);
    await expectLoopbackFailure(browser, 'invalid_response');
    expect((await failedSignInReasons(keyhaven))[0]).toBe('invalid_response');
    // An answer that is not for the sign-in we wait for could have been posted by any web page:
    // it is refused in the tab, but neither ends that sign-in nor puts its error in the app.
    await expect(page.getByRole('heading', { name: 'Waiting for your browser' })).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
    expect(await keyhaven.scimUsers()).toEqual([]);
  });
});

test.describe('JIT provisioning off', () => {
  const noJit: DemoTenantSpec = { ...DEMO_TENANT, connections: DEMO_TENANT.connections.map((c) => ({ ...c, jit: false })) };
  shareKeyhaven({ spec: noJit });

  for (const [protocol, email] of [
    ['OpenID Connect', alice],
    ['SAML', bob],
  ] as const) {
    test(`an unknown employee signing in through ${protocol} sees the jit_disabled message and nothing is created`, async ({ page, context, keyhaven }) => {
      await openApp(page, keyhaven);
      const idpUrl = await continueWithEmail(page, keyhaven, email);
      const browser = await openIdpAndFill(context, idpUrl, email, demoPassword(email));
      await submitIdpLogin(browser);
      await expectLoopbackFailure(browser, 'jit_disabled');
      await expectSignInAlert(page, 'jit_disabled', 'Your account has not been set up yet');
      await shot(page, `error-jit-disabled-${protocol === 'SAML' ? 'saml' : 'oidc'}`);
      expect(await keyhaven.scimUsers()).toEqual([]);
      expect((await failedSignInReasons(keyhaven))[0]).toBe('jit_disabled');
    });
  }
});

test.describe('an expired sign-in (host with a 1.5 s sign-in timeout)', () => {
  shareKeyhaven({ signInTimeoutMs: 1500 });
  test.afterEach(async ({ keyhaven }) => {
    expect(await keyhaven.scimUsers()).toEqual([]);
  });

  /** Continue, without insisting on seeing the waiting screen: at 1.5 s it may already be gone. */
  async function startAndLetExpire(page: Page, keyhaven: Keyhaven, email: string): Promise<string> {
    const before = keyhaven.host.openedUrls.length;
    await openApp(page, keyhaven);
    await page.getByLabel(EMAIL_FIELD).fill(email);
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => keyhaven.host.openedUrls.length).toBe(before + 1);
    await expectSignInAlert(page, 'sign_in_timeout', 'The sign-in took too long');
    return keyhaven.host.openedUrls[before]!;
  }

  test('OIDC: the app says it took too long and closes its loopback server', async ({ page, context, keyhaven }) => {
    const idpUrl = await startAndLetExpire(page, keyhaven, alice);
    await shot(page, 'error-timeout');
    const port = oidcLoopbackPort(idpUrl);
    await expectPortClosed(port);

    // Finishing at the IdP now is too late: the callback has nowhere to go.
    const browser = await openIdpAndFill(context, idpUrl, alice, demoPassword(alice));
    const failed = browser.waitForEvent('requestfailed', (r) => r.url().startsWith(`http://127.0.0.1:${port}/`));
    await submitIdpLogin(browser);
    expect((await failed).failure()?.errorText).toContain('ERR_CONNECTION_REFUSED');
    await expectSignInAlert(page, 'sign_in_timeout', 'The sign-in took too long');
  });

  test('SAML: finishing at the IdP too late shows the failure page in the browser tab', async ({ page, context, keyhaven }) => {
    const idpUrl = await startAndLetExpire(page, keyhaven, bob);
    const browser = await openIdpAndFill(context, idpUrl, bob, demoPassword(bob));
    await submitIdpLogin(browser);
    await expectLoopbackFailure(browser, 'transaction_not_found');
    await shot(browser, 'browser-tab-too-late');
    await expectSignInAlert(page, 'sign_in_timeout', 'The sign-in took too long');
  });
});

test.describe('a deactivated user', () => {
  test('signing in again after an administrator deactivated the account shows the user_deactivated message', async ({ page, context, keyhaven }) => {
    await openApp(page, keyhaven);
    const first = await continueWithEmail(page, keyhaven, alice);
    const tab = await openIdpAndFill(context, first, alice, demoPassword(alice));
    await submitIdpLogin(tab);
    await expectLoopbackSuccess(tab);
    await expect(page.getByRole('heading', { name: `Welcome to Keyhaven, ${alice}` })).toBeVisible();

    await deactivateUser(keyhaven, alice);
    expect((await scimUser(keyhaven, alice))?.active).toBe(false);

    // A new app start (same data folder and backend database) finds the session ended.
    keyhaven = await keyhaven.restart();
    await openApp(page, keyhaven);
    await expect(page.getByRole('heading', { name: 'Sign in to Keyhaven' })).toBeVisible();
    const again = await continueWithEmail(page, keyhaven, alice);
    const browser = await openIdpAndFill(context, again, alice, demoPassword(alice));
    await submitIdpLogin(browser);
    await expectLoopbackFailure(browser, 'user_deactivated');
    await expectSignInAlert(page, 'user_deactivated', 'Your Keyhaven account has been deactivated');
    await shot(page, 'error-user-deactivated');
    expect(await keyhaven.scimUsers()).toEqual([{ userName: alice, node: 'Demo Corp', role: 'Employee' }]);
    expect((await scimUser(keyhaven, alice))?.active).toBe(false);
  });
});
