import { expect, test } from '@playwright/test';
import { startKeyhaven, type Keyhaven } from './support/keyhaven';
import { checkScreen, expectNoOverlap } from './support/onboarding';
import { signInAndOnboard } from './support/vault';

const EMAIL = 'alice@oidc.demo.keyhaven.test';

let keyhaven: Keyhaven;
test.beforeEach(async () => {
  keyhaven = await startKeyhaven();
});
test.afterEach(async () => {
  await keyhaven.close();
});

test('Settings → My security lists the second-factor methods and makes new backup codes that replace the old ones', async ({ page, context }) => {
  await signInAndOnboard(page, context, keyhaven, EMAIL);
  await page.getByRole('button', { name: 'Settings' }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  const section = settings.getByRole('region', { name: 'My security' });
  await expect(section).toContainText('Second-factor methods your role allows: Authenticator app, Security key, Backup codes.');
  await expect(section).toContainText('You have no second factor set up.');

  const makeCodes = async (button: string): Promise<string[]> => {
    await section.getByRole('button', { name: button }).click();
    await section.getByRole('button', { name: 'Create backup codes' }).click();
    const list = section.getByRole('list', { name: 'Your backup codes' });
    await expect(list.getByRole('listitem').first()).toBeVisible();
    await expectNoOverlap(page);
    const codes = (await list.locator('code').allInnerTexts()).map((c) => c.trim());
    await expect(section.getByRole('button', { name: 'Continue' })).toBeDisabled();
    await section.getByRole('checkbox', { name: 'I have saved these codes' }).check();
    await section.getByRole('button', { name: 'Continue' }).click();
    await expect(section.getByRole('status').filter({ hasText: 'New backup codes saved' })).toBeVisible();
    return codes;
  };

  const first = await makeCodes('Make backup codes');
  await expect(section.getByRole('list', { name: 'Your second-factor methods' })).toContainText('Backup codes');
  await checkScreen(page, 'settings-my-security');
  const second = await makeCodes('Make new backup codes');
  expect(second.length).toBe(first.length);
  expect(second.filter((c) => first.includes(c))).toEqual([]);
});
