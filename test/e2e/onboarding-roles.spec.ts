import type { BrowserContext, Page } from '@playwright/test';
import { totpCode } from '../../main/vault/totp/totp';
import { expect, test } from './support/fixture';
import type { Keyhaven } from './support/keyhaven';
import {
  QUIET_DOMAIN,
  RELAXED_DOMAIN,
  STRICT_DOMAIN,
  backendCall,
  checkScreen,
  createVaultWithMasterPassword,
  enrolTotp,
  expectStep,
  onboardingTenant,
  expectNoOverlap,
  progressItems,
  signInAs,
} from './support/onboarding';

/** A fresh web host (and data folder) per test: every test is a new user of one of the three roles. */
test.use({ keyhavenOptions: { spec: onboardingTenant() } });

// Welcome and Finish are not tasks: never marked optional or required.
const STRICT_STEPS = [
  'Welcome, not done yet',
  'Create your vault (required), not done yet',
  'Import passwords (optional), not done yet',
  'Browser extension (optional), not done yet',
  'Two-factor authentication (required), not done yet',
  'Finish, not done yet',
];

const vaultScreen = (page: Page) => page.getByRole('heading', { name: 'Folders' });

async function signOutAndIn(page: Page, context: BrowserContext, keyhaven: Keyhaven, email: string): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to Keyhaven' })).toBeVisible();
  await signInAs(page, context, keyhaven, email, false);
  await expect(page.getByRole('heading', { level: 1, name: 'Verify it’s you' })).toBeVisible();
}

test('everything required: every step in order, TOTP enrolment, the required steps hold on the server, a reused code is refused', async ({ page, context, keyhaven }) => {
  // Seven screens, each checked by axe, on a shared machine.
  test.setTimeout(300_000);
  const email = `ann@${STRICT_DOMAIN}`;
  await signInAs(page, context, keyhaven, email);

  await expectStep(page, `Welcome to Keyhaven, ${email}`, { n: 1, of: 6 });
  await expect(progressItems(page)).toHaveText(STRICT_STEPS);
  await checkScreen(page, 'strict-1-welcome');
  await page.getByRole('button', { name: 'Get started' }).click();

  await expectStep(page, 'Create your vault', { n: 2, of: 6 });
  await expect(page.getByRole('button', { name: 'Skip this step' })).toHaveCount(0);
  await checkScreen(page, 'strict-2-vault');
  await createVaultWithMasterPassword(page);

  await expectStep(page, 'Import your passwords', { n: 3, of: 6 });
  await checkScreen(page, 'strict-3-import');
  // One way out of an optional import: "Skip this step", not a Cancel beside it.
  await expect(page.getByRole('button', { name: 'Cancel' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Skip this step' }).click();

  await expectStep(page, 'Install the browser extension', { n: 4, of: 6 });
  await checkScreen(page, 'strict-4-extension');
  await page.getByRole('checkbox', { name: 'I have installed the browser extension' }).check();
  await page.getByRole('button', { name: 'Continue' }).click();

  await expectStep(page, 'Set up two-factor authentication', { n: 5, of: 6 });
  await expect(page.getByRole('button', { name: 'Skip this step' })).toHaveCount(0);
  await expect(progressItems(page)).toHaveText([
    'Welcome, done',
    'Create your vault (required), done',
    'Import passwords (optional), skipped',
    'Browser extension (optional), done',
    'Two-factor authentication (required), not done yet',
    'Finish, not done yet',
  ]);
  const methods = page.getByRole('radiogroup', { name: 'Two-factor method' });
  await expect(methods.getByRole('radio')).toHaveCount(3);
  await checkScreen(page, 'strict-5-two-factor');

  // The vault is write-only until the required steps are done: a record saved now is stored…
  const saved = await page.evaluate(() =>
    window.keyhaven?.saveRecord({
      record: { type: 'login', title: 'Intranet', username: 'ann', password: 'pw-1', urls: [], notes: '', folder: null, totp: null, fields: [], favorite: false },
    }),
  );
  expect(saved).toMatchObject({ ok: true });
  // …but not given back, neither through the backend directly…
  const withheld = await backendCall(keyhaven, 'GET', '/v1/vault');
  expect(withheld.status).toBe(200);
  expect(withheld.body).toMatchObject({ exists: true, records: [] });
  // …and the required step cannot be skipped through the app's contract nor the backend.
  const skipped = await page.evaluate(() => window.keyhaven?.completeOnboardingStep({ step: 'two_factor', result: 'skipped' }));
  expect(skipped).toMatchObject({ ok: false, error: { code: 'onboarding_incomplete' } });
  const claimedDone = await page.evaluate(() => window.keyhaven?.completeOnboardingStep({ step: 'two_factor', result: 'done' }));
  expect(claimedDone).toMatchObject({ ok: false, error: { code: 'onboarding_incomplete' } });
  for (const status of ['skipped', 'done'] as const) {
    const put = await backendCall(keyhaven, 'PUT', '/v1/onboarding', { step: 'two_factor', status });
    expect(put.status).toBe(403);
    expect(put.body).toMatchObject({ error: 'onboarding_incomplete' });
  }
  // The refused calls changed nothing the user sees. The error banner may show; reload to be sure.
  await page.reload();
  await expectStep(page, 'Set up two-factor authentication', { n: 5, of: 6 });

  const totp = await enrolTotp(page, 'strict-5-two-factor-totp');
  // Two factors required: the backup codes come next, on the same step, before the finish.
  await expectStep(page, 'Save your backup codes', { n: 5, of: 6 });
  await expect(progressItems(page).nth(4)).toHaveText('Two-factor authentication (required), done');

  // Signing out before saving them, and in again: the enrolment code is still within its time
  // window, but it was used.
  await signOutAndIn(page, context, keyhaven, email);
  expect(Date.now() - totp.at, 'the reused code must still be fresh for this check to mean anything').toBeLessThan(30_000);
  await page.getByLabel('Authentication code').fill(totp.code);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('alert')).toContainText('already been used');
  await expect(page.getByRole('heading', { level: 1, name: 'Verify it’s you' })).toBeVisible();
  await checkScreen(page, 'strict-challenge');
  // The next time step's code is accepted (it is within the ±1 step window until 60 s after enrolment).
  await page.getByLabel('Authentication code').fill(totpCode(totp.secret, new Date(totp.at + 30_000)));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Verify it’s you' })).toHaveCount(0);

  // The codes were never saved: the finish screen offers them before the vault opens.
  await expectStep(page, 'Your vault is ready', { n: 6, of: 6 });
  await expect(page.getByRole('heading', { name: 'Backup codes' })).toBeVisible();
  await page.getByRole('button', { name: 'Create backup codes' }).click();
  await expect(page.getByRole('list', { name: 'Your backup codes' }).getByRole('listitem').first()).toBeVisible();
  await expectNoOverlap(page);
  await expect(page.getByRole('button', { name: 'Open my vault' })).toBeDisabled();
  await checkScreen(page, 'strict-6-done-backup-codes');
  await page.getByRole('checkbox', { name: 'I have saved these codes' }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  // Now the required steps are done, the backend returns the record it withheld.
  const released = await backendCall(keyhaven, 'GET', '/v1/vault');
  expect((released.body.records as unknown[]).length).toBe(1);
  await page.getByRole('button', { name: 'Open my vault' }).click();
  await expect(vaultScreen(page)).toBeVisible();
  await expect(page.getByText('Intranet').first()).toBeVisible();
});

test('onboarding off: no wizard, only the vault the app creates', async ({ page, context, keyhaven }) => {
  await signInAs(page, context, keyhaven, `ann@${QUIET_DOMAIN}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Set up your vault' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Onboarding progress' })).toHaveCount(0);
  await checkScreen(page, 'quiet-1-vault');
  await page.getByRole('button', { name: 'Create my vault' }).click();
  await expect(vaultScreen(page)).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Onboarding progress' })).toHaveCount(0);
  await checkScreen(page, 'quiet-2-vault-open');
});

test('two-factor optional, import disallowed: no import step, two-factor skippable; backup codes work once each', async ({ page, context, keyhaven }) => {
  const email = `ann@${RELAXED_DOMAIN}`;
  await signInAs(page, context, keyhaven, email);
  await expectStep(page, `Welcome to Keyhaven, ${email}`, { n: 1, of: 5 });
  await expect(progressItems(page)).toHaveText([
    'Welcome, not done yet',
    'Create your vault (required), not done yet',
    'Browser extension (optional), not done yet',
    'Two-factor authentication (optional), not done yet',
    'Finish, not done yet',
  ]);
  await checkScreen(page, 'relaxed-1-welcome');
  await page.getByRole('button', { name: 'Get started' }).click();

  await expectStep(page, 'Create your vault', { n: 2, of: 5 });
  // No master password for this role: the vault opens with the device key.
  await expect(page.getByLabel('Master password', { exact: true })).toHaveCount(0);
  await checkScreen(page, 'relaxed-2-vault');
  await page.getByRole('button', { name: 'Create my vault' }).click();

  await expectStep(page, 'Install the browser extension', { n: 3, of: 5 });
  await checkScreen(page, 'relaxed-3-extension');
  await page.getByRole('button', { name: 'Skip this step' }).click();

  await expectStep(page, 'Set up two-factor authentication', { n: 4, of: 5 });
  await expect(page.getByRole('button', { name: 'Skip this step' })).toBeVisible();
  await page.getByRole('radio', { name: 'Backup codes' }).check();
  await checkScreen(page, 'relaxed-4-two-factor');
  await page.getByRole('button', { name: 'Create backup codes' }).click();
  const list = page.getByRole('list', { name: 'Your backup codes' });
  await expect(list.getByRole('listitem').first()).toBeVisible();
  const codes = (await list.locator('code').allInnerTexts()).map((c) => c.trim());
  expect(codes.length).toBeGreaterThanOrEqual(2);
  await checkScreen(page, 'relaxed-4-backup-codes');
  // "Next" must not walk past the confirmation.
  await expect(page.getByRole('button', { name: 'Next', exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Skip this step' })).toHaveCount(0);
  await page.getByRole('checkbox', { name: 'I have saved these codes' }).check();
  await page.getByRole('button', { name: 'Continue' }).click();

  await expectStep(page, 'Your vault is ready', { n: 5, of: 5 });
  await expect(progressItems(page).nth(3)).toHaveText('Two-factor authentication (optional), done');
  await checkScreen(page, 'relaxed-5-done');
  await page.getByRole('button', { name: 'Open my vault' }).click();
  await expect(vaultScreen(page)).toBeVisible();

  const [first, second] = codes as [string, string];
  await signOutAndIn(page, context, keyhaven, email);
  await page.getByLabel('Backup code').fill(first);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(vaultScreen(page)).toBeVisible();

  await signOutAndIn(page, context, keyhaven, email);
  await page.getByLabel('Backup code').fill(first);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('alert')).toContainText('already been used');
  await expect(page.getByRole('heading', { level: 1, name: 'Verify it’s you' })).toBeVisible();
  await page.getByLabel('Backup code').fill(second);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(vaultScreen(page)).toBeVisible();
});
