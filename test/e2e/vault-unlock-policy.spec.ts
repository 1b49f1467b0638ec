import { openAppWindow, sessionView } from './support/app-window';
import { expect, test } from './support/fixture';
import { openApp, storedSessionToken } from './support/keyhaven';
import { RELAXED_DOMAIN, RELAXED_POLICY, checkScreen, onboardingTenant, signInAs } from './support/onboarding';
import { signInAgainAtIdp } from './support/security';
import { addRecord, expectVaultOpen, listItem, onboardWithoutMasterPassword } from './support/vault';

/** The Relaxed role (no master password) with `unlock: sso`: a locked vault needs a new sign-in. */
test.use({ keyhavenOptions: { spec: onboardingTenant({ relaxed: { ...RELAXED_POLICY, unlock: 'sso' } }) } });

test('with unlock: sso a locked vault opens only after a new sign-in at the IdP, also after a restart', async ({ page, context, keyhaven }) => {
  test.setTimeout(240_000);
  const email = `ben@${RELAXED_DOMAIN}`;
  await signInAs(page, context, keyhaven, email);
  await onboardWithoutMasterPassword(page, email);
  await addRecord(page, { title: 'Timesheets', username: 'ben', password: 'Timesheets-pw-3' });

  await page.getByRole('button', { name: 'Lock' }).click();
  await expect(page.getByRole('heading', { name: 'Unlock your vault' })).toBeVisible();
  await expect(page.getByText('Your organisation asks you to sign in again at its sign-in page to unlock.')).toBeVisible();
  // No device-key unlock is offered, and main refuses one asked for directly.
  await expect(page.getByRole('button', { name: 'Unlock', exact: true })).toHaveCount(0);
  await expect(page.getByLabel('Master password')).toHaveCount(0);
  const direct = await page.evaluate(() => (window as unknown as { keyhaven: { unlockVault(r: { masterPassword: null }): Promise<unknown> } }).keyhaven.unlockVault({ masterPassword: null }));
  expect(direct).toMatchObject({ ok: false, error: { code: 'reauthentication_required' } });
  expect(await sessionView(await openAppWindow(keyhaven))).toMatchObject({ kind: 'signed-in', vaultUnlocked: false });
  await checkScreen(page, 'unlock-sign-in-again');

  const tokenBefore = await storedSessionToken(keyhaven);
  await signInAgainAtIdp(page, context, keyhaven, email, 'Sign in again to unlock');
  await expectVaultOpen(page);
  await expect(listItem(page, 'Timesheets')).toBeVisible();
  // A new session, kept in the keychain in place of the old one.
  expect(await storedSessionToken(keyhaven)).not.toBe(tokenBefore);

  keyhaven = await keyhaven.restart();
  await openApp(page, keyhaven);
  await expect(page.getByRole('heading', { name: 'Unlock your vault' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign in again to unlock' })).toBeVisible();
  await signInAgainAtIdp(page, context, keyhaven, email, 'Sign in again to unlock');
  await expectVaultOpen(page);
  await expect(listItem(page, 'Timesheets')).toBeVisible();
});
