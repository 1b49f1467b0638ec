import { expect, test } from './support/fixture';
import { chooseExportFile, importFixture } from './support/import';
import { openAndSignIn, openApp } from './support/keyhaven';

const ALICE = 'alice@oidc.demo.keyhaven.test';

test('the app has a favicon: no request of a page load answers 404', async ({ page, keyhaven }) => {
  const missing: string[] = [];
  page.on('response', (response) => {
    if (response.status() === 404) missing.push(response.url());
  });
  const favicon = page.waitForResponse((r) => new URL(r.url()).pathname === '/icon.png');
  await openApp(page, keyhaven);
  await expect(page.getByRole('heading', { name: 'Sign in to Keyhaven' })).toBeVisible();
  expect((await favicon).status()).toBe(200);
  await expect(page.locator('link[rel="icon"]')).toHaveAttribute('href', /icon\.png$/);
  expect(missing).toEqual([]);
});

test('onboarding: no "(optional)" on welcome and finish, one way out of the import and none after it finished, the browser the app runs in is found', async ({ page, context, keyhaven }) => {
  await openAndSignIn(page, context, keyhaven, ALICE);
  const progress = page.getByRole('navigation', { name: 'Onboarding progress' }).getByRole('listitem');
  await expect(progress.first()).toHaveText('Welcome, not done yet');
  await expect(progress.last()).toHaveText('Finish, not done yet');
  await page.getByRole('button', { name: 'Get started' }).click();
  await page.getByRole('button', { name: 'Create my vault' }).click();

  await expect(page.getByRole('heading', { name: 'Import your passwords' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Skip this step' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Cancel' })).toHaveCount(0);
  await chooseExportFile(page, importFixture('lastpass.csv'), 'LastPass (CSV)');
  await page.getByRole('button', { name: 'Import 5 items' }).click();
  // Finished: the summary's own button goes on; skipping what is done is no longer offered.
  await expect(page.getByRole('button', { name: 'Done' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Skip this step' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Done' }).click();

  await expect(page.getByRole('heading', { name: 'Install the browser extension' })).toBeVisible();
  // The app runs in Debian's Chromium here: it is listed as found, with its install button.
  const found = page.getByRole('list', { name: 'Browsers on this computer' });
  await expect(found.getByRole('listitem').filter({ hasText: 'Chromium' })).toBeVisible();
  await expect(found.getByRole('button', { name: 'Install for Chromium' })).toBeVisible();
  await expect(page.getByText('No supported browser was found on this computer.')).toHaveCount(0);
});
