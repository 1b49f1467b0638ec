import type { BrowserContext, Page } from '@playwright/test';
import { expect, test } from './support/fixture';
import type { Keyhaven } from './support/keyhaven';
import {
  RELAXED_DOMAIN,
  RELAXED_POLICY,
  STRICT_DOMAIN,
  checkScreen,
  createVaultWithMasterPassword,
  enrolTotp,
  expectStep,
  onboardingTenant,
  progressItems,
  saveBackupCodes,
  signInAs,
} from './support/onboarding';

test.use({ keyhavenOptions: { spec: onboardingTenant() } });

const vaultScreen = (page: Page) => page.getByRole('heading', { name: 'Folders' });

/** A Strict-role user through welcome, vault, import and extension, to the two-factor step. */
async function strictUserToTwoFactor(page: Page, context: BrowserContext, keyhaven: Keyhaven, email: string): Promise<void> {
  await signInAs(page, context, keyhaven, email);
  await page.getByRole('button', { name: 'Get started' }).click();
  await expectStep(page, 'Create your vault', { n: 2, of: 6 });
  await createVaultWithMasterPassword(page);
  await expectStep(page, 'Import your passwords', { n: 3, of: 6 });
  await page.getByRole('button', { name: 'Skip this step' }).click();
  await expectStep(page, 'Install the browser extension', { n: 4, of: 6 });
  await page.getByRole('button', { name: 'Skip this step' }).click();
  await expectStep(page, 'Set up two-factor authentication', { n: 5, of: 6 });
}

test('a security key is enrolled and then signs the user in (Chromium virtual authenticator)', async ({ page, context, keyhaven }) => {
  test.setTimeout(240_000);
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
  });
  const email = `ben@${STRICT_DOMAIN}`;
  await strictUserToTwoFactor(page, context, keyhaven, email);

  await page.getByRole('radio', { name: 'Security key' }).check();
  await checkScreen(page, 'security-key-setup');
  await page.getByRole('button', { name: 'Register security key' }).click();
  await saveBackupCodes(page);
  await expectStep(page, 'Your vault is ready', { n: 6, of: 6 });
  await expect(progressItems(page).nth(4)).toHaveText('Two-factor authentication (required), done');
  const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  expect(credentials).toHaveLength(1);
  expect(credentials[0]?.rpId).toBe('localhost');
  await page.getByRole('button', { name: 'Open my vault' }).click();
  await expect(vaultScreen(page)).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await signInAs(page, context, keyhaven, email, false);
  await expect(page.getByRole('heading', { level: 1, name: 'Verify it’s you' })).toBeVisible();
  // Only a security key is enrolled: no code field is offered.
  await expect(page.getByLabel('Authentication code')).toHaveCount(0);
  await checkScreen(page, 'security-key-challenge');
  await page.getByRole('button', { name: 'Use a security key' }).click();
  await expect(vaultScreen(page)).toBeVisible();
  const after = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  expect(after.credentials[0]?.signCount).toBeGreaterThan(credentials[0]?.signCount ?? 0);
});

test('a restart in the middle of onboarding resumes at the same step', async ({ page, context, keyhaven }) => {
  const email = `cat@${STRICT_DOMAIN}`;
  await strictUserToTwoFactor(page, context, keyhaven, email);
  const before = await progressItems(page).allTextContents();

  keyhaven = await keyhaven.restart();
  await page.goto(keyhaven.host.transport.launchUrl);
  await expectStep(page, 'Set up two-factor authentication', { n: 5, of: 6 });
  expect(await progressItems(page).allTextContents()).toEqual(before);
  await checkScreen(page, 'restart-resumed');

  await enrolTotp(page);
  await saveBackupCodes(page);
  await expectStep(page, 'Your vault is ready', { n: 6, of: 6 });
  await page.getByRole('button', { name: 'Open my vault' }).click();
  await expect(vaultScreen(page)).toBeVisible();
});

test('a role tightened to require two-factor: at the next sign-in the user meets the two-factor step', async ({ page, context, keyhaven }) => {
  const email = `dan@${RELAXED_DOMAIN}`;
  await signInAs(page, context, keyhaven, email);
  await page.getByRole('button', { name: 'Get started' }).click();
  await page.getByRole('button', { name: 'Create my vault' }).click();
  await expectStep(page, 'Install the browser extension', { n: 3, of: 5 });
  await page.getByRole('button', { name: 'Skip this step' }).click();
  await expectStep(page, 'Set up two-factor authentication', { n: 4, of: 5 });
  await page.getByRole('button', { name: 'Skip this step' }).click();
  await expectStep(page, 'Your vault is ready', { n: 5, of: 5 });
  await page.getByRole('button', { name: 'Open my vault' }).click();
  await expect(vaultScreen(page)).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to Keyhaven' })).toBeVisible();

  // The administrator changes the role's policy; the host restarts on the same data folder.
  keyhaven = await keyhaven.restart({ spec: onboardingTenant({ relaxed: { ...RELAXED_POLICY, requireTwoFactor: true } }) });

  await signInAs(page, context, keyhaven, email);
  await expectStep(page, 'Set up two-factor authentication', { n: 4, of: 5 });
  await expect(progressItems(page)).toHaveText([
    'Welcome, done',
    'Create your vault (required), done',
    'Browser extension (optional), skipped',
    'Two-factor authentication (required), not done yet',
    'Finish, done',
  ]);
  await expect(page.getByRole('button', { name: 'Skip this step' })).toHaveCount(0);
  await checkScreen(page, 'policy-change-two-factor');
  const skipped = await page.evaluate(() => window.keyhaven?.completeOnboardingStep({ step: 'two_factor', result: 'skipped' }));
  expect(skipped).toMatchObject({ ok: false, error: { code: 'onboarding_incomplete' } });

  await enrolTotp(page);
  await saveBackupCodes(page);
  await expect(vaultScreen(page)).toBeVisible();
});
