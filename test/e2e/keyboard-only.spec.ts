import type { Page } from '@playwright/test';
import { expect, test } from './support/fixture';
import { demoPassword, openApp } from './support/keyhaven';
import { expectLoopbackSuccess, openIdpAndFill, submitIdpLogin } from './support/sso';

// No mouse: sign in, walk the wizard and open the vault with the keyboard alone.

/**
 * Presses Tab until the control has focus. False when the control went away meanwhile (the
 * screen moved on); each look waits briefly, never for a control that is not coming back.
 */
async function tabTo(page: Page, role: 'button' | 'textbox' | 'checkbox', name: string | RegExp): Promise<boolean> {
  const target = page.getByRole(role, { name });
  for (let i = 0; i < 30; i++) {
    if (await target.evaluate((el) => el === document.activeElement, undefined, { timeout: 2_000 }).catch(() => false)) return true;
    if (!(await target.isVisible())) return false;
    await page.keyboard.press('Tab');
  }
  throw new Error(`could not reach ${role} "${String(name)}" with Tab`);
}

test('sign-in and onboarding work with the keyboard only', async ({ page, context, keyhaven }) => {
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
  expect(await tabTo(page, 'button', 'Get started')).toBe(true);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Create your vault' })).toBeVisible();
  expect(await tabTo(page, 'button', 'Create my vault')).toBe(true);
  await page.keyboard.press('Enter');
  // Optional steps are skipped from the keyboard until the finish screen.
  for (let i = 0; i < 8; i++) {
    if (await page.getByRole('heading', { name: 'Your vault is ready' }).isVisible()) break;
    await expect(page.getByRole('button', { name: 'Skip this step' }).or(page.getByRole('heading', { name: 'Your vault is ready' }))).toBeVisible();
    // A step that goes away while being reached is looked at again from the top.
    if (await tabTo(page, 'button', 'Skip this step')) await page.keyboard.press('Enter');
  }
  await expect(page.getByRole('heading', { name: 'Your vault is ready' })).toBeVisible();
  expect(await tabTo(page, 'button', 'Open my vault')).toBe(true);
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Search vault')).toBeVisible();
});
