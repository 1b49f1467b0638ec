import { expect, test, type Page } from '@playwright/test';
import { demoPassword, openApp, startKeyhaven, type Keyhaven } from './support/keyhaven';
import { expectLoopbackSuccess, openIdpAndFill, submitIdpLogin } from './support/sso';

/** No mouse: sign in, walk the wizard and open the vault with the keyboard alone. */
let keyhaven: Keyhaven;
test.beforeEach(async () => {
  keyhaven = await startKeyhaven();
});
test.afterEach(async () => {
  await keyhaven.close();
});

/** Presses Tab until the named control has focus (at most 30 times), then returns. */
async function tabTo(page: Page, role: 'button' | 'textbox' | 'checkbox', name: string | RegExp): Promise<void> {
  const target = page.getByRole(role, { name });
  for (let i = 0; i < 30; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`could not reach ${role} "${String(name)}" with Tab`);
}

test('sign-in and onboarding work with the keyboard only', async ({ page, context }) => {
  const email = 'alice@oidc.demo.keyhaven.test';
  await openApp(page, keyhaven);
  // The email field has focus on arrival; Enter submits.
  await expect(page.getByLabel('Work email or SSO domain')).toBeFocused();
  await page.keyboard.type(email);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Waiting for your browser' })).toBeVisible();
  await expect.poll(() => keyhaven.host.openedUrls.length).toBe(1);
  const browser = await openIdpAndFill(context, keyhaven.host.openedUrls[0]!, email, demoPassword(email));
  await submitIdpLogin(browser);
  await expectLoopbackSuccess(browser);

  await page.bringToFront();
  await expect(page.getByRole('heading', { name: `Welcome to Keyhaven, ${email}` })).toBeVisible();
  await tabTo(page, 'button', 'Get started');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Create your vault' })).toBeVisible();
  await tabTo(page, 'button', 'Create my vault');
  await page.keyboard.press('Enter');
  // Optional steps are skipped from the keyboard until the finish screen.
  for (let i = 0; i < 4; i++) {
    if (await page.getByRole('heading', { name: 'Your vault is ready' }).isVisible()) break;
    await expect(page.getByRole('button', { name: 'Skip this step' })).toBeVisible();
    await tabTo(page, 'button', 'Skip this step');
    await page.keyboard.press('Enter');
  }
  await expect(page.getByRole('heading', { name: 'Your vault is ready' })).toBeVisible();
  await tabTo(page, 'button', 'Open my vault');
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Search vault')).toBeVisible();
});
