import type { BrowserContext, Page } from '@playwright/test';
import { expect, test } from './support/fixture';
import type { Keyhaven } from './support/keyhaven';
import { RELAXED_DOMAIN, onboardingTenant, signInAs } from './support/onboarding';

/**
 * "Remember this device" in the app: after a second factor proven with the box ticked, the
 * next sign-in on this device opens the vault without asking again — because the app keeps the
 * backend's secret in the OS keychain, not because it names its device id.
 */
test.use({ keyhavenOptions: { spec: onboardingTenant() } });

const vaultScreen = (page: Page) => page.getByRole('heading', { name: 'Folders' });
const verifyScreen = (page: Page) => page.getByRole('heading', { level: 1, name: 'Verify it’s you' });

async function signOutAndIn(page: Page, context: BrowserContext, keyhaven: Keyhaven, email: string): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to Keyhaven' })).toBeVisible();
  await signInAs(page, context, keyhaven, email, false);
}

test('a remembered device skips the second factor at the next sign-in; without the box it is asked again', async ({ page, context, keyhaven }) => {
  const email = `ben@${RELAXED_DOMAIN}`;
  await signInAs(page, context, keyhaven, email);
  await page.getByRole('button', { name: 'Get started' }).click();
  await page.getByRole('button', { name: 'Create my vault' }).click();
  await page.getByRole('button', { name: 'Skip this step' }).click();
  await page.getByRole('radio', { name: 'Backup codes' }).check();
  await page.getByRole('button', { name: 'Create backup codes' }).click();
  const list = page.getByRole('list', { name: 'Your backup codes' });
  await expect(list.getByRole('listitem').first()).toBeVisible();
  const [first, second] = (await list.locator('code').allInnerTexts()).map((c) => c.trim()) as [string, string];
  await page.getByRole('checkbox', { name: 'I have saved these codes' }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Open my vault' }).click();
  await expect(vaultScreen(page)).toBeVisible();

  // Not remembered: asked again.
  await signOutAndIn(page, context, keyhaven, email);
  await expect(verifyScreen(page)).toBeVisible();
  await page.getByLabel('Backup code').fill(first);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(vaultScreen(page)).toBeVisible();

  await signOutAndIn(page, context, keyhaven, email);
  await expect(verifyScreen(page)).toBeVisible();
  await page.getByLabel('Backup code').fill(second);
  await page.getByRole('checkbox', { name: 'Remember this device for 30 days' }).check();
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(vaultScreen(page)).toBeVisible();

  // Remembered: straight to the vault.
  await signOutAndIn(page, context, keyhaven, email);
  await expect(vaultScreen(page)).toBeVisible();
  await expect(verifyScreen(page)).toHaveCount(0);
});
