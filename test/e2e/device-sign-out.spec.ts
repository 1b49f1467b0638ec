import { expect, test } from './support/fixture';
import { deactivateUser } from './support/sso';
import { expectVaultOpen, signInAndOnboard } from './support/vault';

const EMAIL = 'alice@oidc.demo.keyhaven.test';

test('a running app is signed out and its vault locked when an administrator deactivates its user, and says why', async ({ page, context, keyhaven, app }) => {
  await signInAndOnboard(page, context, keyhaven, EMAIL);
  await expectVaultOpen(page);

  // Through the backend's admin API, as an identity provider's deprovisioning would: the app
  // hears of it over its push connection, not at its next call.
  await deactivateUser(keyhaven, EMAIL);

  await expect(page.getByRole('heading', { name: 'Sign in to Keyhaven' })).toBeVisible();
  const alert = page.getByRole('alert');
  await expect(alert).toHaveAttribute('data-code', 'user_deactivated');
  await expect(alert).toContainText('Your account was deactivated by your administrator');
  await expect(page.getByRole('button', { name: 'New item' })).toHaveCount(0);
  // Locked in main, not only hidden: nothing answers vault calls any more, from any window.
  expect(await app.listRecords({ query: '' })).toMatchObject({ ok: false, error: { code: 'session_expired' } });
});
