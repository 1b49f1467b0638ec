import { expect, test } from '@playwright/test';
import { demoPassword, openApp, signInThroughIdp, startKeyhaven, type Keyhaven } from './support/keyhaven';

let keyhaven: Keyhaven;

test.beforeEach(async () => {
  keyhaven = await startKeyhaven();
});
test.afterEach(async () => {
  await keyhaven.close();
});

test('a new employee signs in with OpenID Connect and is provisioned into the right node and role', async ({ page, context }) => {
  await openApp(page, keyhaven);
  await expect(page.getByRole('heading', { name: 'Sign in to Keyhaven' })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('sign-in.png') });
  const email = 'alice@oidc.demo.keyhaven.test';
  await signInThroughIdp(page, context, keyhaven, email, demoPassword(email));
  await expect(page.getByRole('heading', { name: `Welcome to Keyhaven, ${email}` })).toBeVisible();
  const users = await keyhaven.scimUsers();
  expect(users).toEqual([{ userName: email, node: 'Demo Corp', role: 'Employee' }]);
});

test('an unknown domain is refused with a clear message and nothing is created', async ({ page }) => {
  await openApp(page, keyhaven);
  await page.getByLabel('Work email or SSO domain').fill('someone@unknown-company.test');
  await page.getByRole('button', { name: 'Continue' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('does not use Keyhaven with this email domain');
  await page.screenshot({ path: test.info().outputPath('unknown-domain.png') });
  expect(await keyhaven.scimUsers()).toEqual([]);
});
