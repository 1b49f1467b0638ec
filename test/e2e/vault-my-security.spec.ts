import type { Page } from '@playwright/test';
import { totpCode } from '../../main/vault/totp/totp';
import { expect, test } from './support/fixture';
import { openApp } from './support/keyhaven';
import {
  MASTER_PASSWORD,
  STRICT_DOMAIN,
  backendCall,
  checkScreen,
  createVaultWithMasterPassword,
  enrolTotp,
  expectNoOverlap,
  onboardingTenant,
  saveBackupCodes,
  signInAs,
} from './support/onboarding';
import { openMySecurity, storedRecords } from './support/security';
import { addRecord, expectVaultOpen, listItem, signInAndOnboard } from './support/vault';

const NEW_MASTER_PASSWORD = 'Brand-New-Master-77';

const EMAIL = 'alice@oidc.demo.keyhaven.test';

test('Settings → My security lists the second-factor methods and makes new backup codes that replace the old ones', async ({ page, context, keyhaven }) => {
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

test.describe('a role that requires two factors and a master password', () => {
  test.use({ keyhavenOptions: { spec: onboardingTenant() } });

  test('adds a security key, removes the authenticator app, never the last one; changes the master password by re-wrapping only', async ({ page, context, keyhaven }) => {
    test.setTimeout(300_000);
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
    });
    const email = `ann@${STRICT_DOMAIN}`;
    await signInAs(page, context, keyhaven, email);
    await page.getByRole('button', { name: 'Get started' }).click();
    await createVaultWithMasterPassword(page);
    await page.getByRole('button', { name: 'Skip this step' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Install the browser extension' })).toBeVisible();
    await page.getByRole('button', { name: 'Skip this step' }).click();
    await enrolTotp(page);
    await saveBackupCodes(page);
    await page.getByRole('button', { name: 'Open my vault' }).click();
    await expectVaultOpen(page);
    await addRecord(page, { title: 'Payroll', username: 'ann', password: 'Payroll-pw-1' });
    await addRecord(page, { title: 'Wiki', username: 'ann.w', password: 'Wiki-pw-2' });

    const section = await openMySecurity(page);
    const methods = section.getByRole('list', { name: 'Your second-factor methods' });
    await expect(methods).toContainText('Authenticator app');
    await expect(methods).toContainText('Backup codes');
    await expect(section).toContainText('Your role requires a second factor');

    // The only authenticator: the backend refuses, and it stays.
    await section.getByRole('button', { name: 'Remove Authenticator app…' }).click();
    await section.getByRole('group', { name: 'Confirm removing Authenticator app' }).getByRole('button', { name: 'Remove Authenticator app', exact: true }).click();
    await expect(section.getByRole('alert')).toContainText('Your role requires a second factor');
    await expect(methods).toContainText('Authenticator app');

    await section.getByRole('button', { name: 'Add a security key' }).click();
    await checkScreen(page, 'my-security-add-security-key');
    await section.getByRole('button', { name: 'Register security key' }).click();
    await expect(section.getByRole('status').filter({ hasText: 'Security key added.' })).toBeVisible();
    await expect(methods).toContainText('Security key');

    await section.getByRole('button', { name: 'Remove Authenticator app…' }).click();
    await section.getByRole('button', { name: 'Remove Authenticator app', exact: true }).click();
    await expect(section.getByRole('status').filter({ hasText: 'Authenticator app removed.' })).toBeVisible();
    await expect(methods).not.toContainText('Authenticator app');
    await section.getByRole('button', { name: 'Remove Security key…' }).click();
    await section.getByRole('button', { name: 'Remove Security key', exact: true }).click();
    await expect(section.getByRole('alert')).toContainText('Your role requires a second factor');
    const server = await backendCall(keyhaven, 'GET', '/v1/two-factor');
    expect((server.body.authenticators as { kind: string }[]).map((a) => a.kind)).toEqual(['webauthn']);

    // Sessions: this one, marked.
    await expect(section.getByRole('list', { name: 'Your sessions' })).toContainText('(this session)');
    // An authenticator app can be added again.
    await section.getByRole('button', { name: 'Add an authenticator app' }).click();
    await enrolTotpInPlace(page);
    await expect(section.getByRole('status').filter({ hasText: 'Authenticator app added.' })).toBeVisible();
    await expect(methods).toContainText('Authenticator app');
    await checkScreen(page, 'my-security-methods');

    // A new master password: only the wrapped key changes, every record byte-identical.
    const before = storedRecords(keyhaven);
    expect(before).toHaveLength(2);
    await section.getByRole('button', { name: 'Change master password' }).click();
    const form = section.getByRole('form', { name: 'Change master password' });
    await form.getByLabel('Current master password').fill('Not-the-password-1');
    await form.getByLabel('New master password', { exact: true }).fill(NEW_MASTER_PASSWORD);
    await form.getByLabel('Confirm new master password').fill(NEW_MASTER_PASSWORD);
    await checkScreen(page, 'my-security-change-master-password');
    await form.getByRole('button', { name: 'Save new master password' }).click();
    await expect(form.getByRole('alert')).toContainText('wrong');
    await form.getByLabel('Current master password').fill(MASTER_PASSWORD);
    await form.getByRole('button', { name: 'Save new master password' }).click();
    await expect(section.getByRole('status').filter({ hasText: 'Master password changed.' })).toBeVisible();
    expect(storedRecords(keyhaven)).toEqual(before);

    await page.getByRole('dialog', { name: 'Settings' }).getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'Lock' }).click();
    await expect(page.getByRole('heading', { name: 'Unlock your vault' })).toBeVisible();
    await page.getByLabel('Master password').fill(MASTER_PASSWORD);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    await page.getByLabel('Master password').fill(NEW_MASTER_PASSWORD);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expectVaultOpen(page);

    // A restart is not a sign-in: this role's vault waits for the master password.
    keyhaven = await keyhaven.restart();
    await openApp(page, keyhaven);
    await expect(page.getByRole('heading', { name: 'Unlock your vault' })).toBeVisible();
    await page.getByLabel('Master password').fill(NEW_MASTER_PASSWORD);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expectVaultOpen(page);
    await expect(listItem(page, 'Payroll')).toBeVisible();
  });
});

/** In Settings: reads the setup key the panel shows and confirms it with a computed code. */
async function enrolTotpInPlace(page: Page): Promise<void> {
  const panel = page.getByRole('region', { name: 'Authenticator app setup' });
  const secret = (await panel.getByRole('group', { name: 'Manual setup key' }).locator('code').innerText()).replace(/\s+/g, '');
  await panel.getByLabel('6-digit code').fill(totpCode(secret, new Date()));
  await panel.getByRole('button', { name: 'Verify' }).click();
}
