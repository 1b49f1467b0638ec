import type { Page } from '@playwright/test';
import { DEMO_TENANT, type DemoTenantSpec } from '../../main/demo/demo-environment';
import { expect, test } from './support/fixture';
import { checkScreen } from './support/onboarding';
import { addRecord, expectVaultOpen, itemList, listItem, signInAndOnboard } from './support/vault';

const EMAIL = 'alice@oidc.demo.keyhaven.test';

/** The demo tenant with a 30-second idle lock for Employees (checked every 7.5 s). */
const IDLE_SPEC: DemoTenantSpec = {
  ...DEMO_TENANT,
  roles: DEMO_TENANT.roles.map((r) => (r.name === 'Employee' ? { ...r, policy: { ...r.policy, logoutTimerMinutes: 0.5 } } : r)),
};

const unlockHeading = (page: Page) => page.getByRole('heading', { name: 'Unlock your vault' });


test('Lock locks: the unlock screen appears, stays after a reload, and unlocking brings every item back; lock is not sign-out', async ({ page, context, keyhaven }) => {
  await signInAndOnboard(page, context, keyhaven, EMAIL);
  await addRecord(page, { title: 'Build server', username: 'ci-bot', password: 'Pw-Build!7Zq' });
  await addRecord(page, { title: 'Team calendar', username: 'alice', password: 'Pw-Cal#4Rt' });

  await page.getByRole('button', { name: 'Lock' }).click();
  await expect(unlockHeading(page)).toBeVisible();
  await expect(page.getByText(`Signed in as ${EMAIL}`)).toBeVisible();
  // Not an emptied vault on show, and nothing decrypted reachable while locked.
  await expect(page.getByRole('heading', { name: 'Your vault is empty' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'New item' })).toHaveCount(0);
  const listed = await page.evaluate(() => window.keyhaven!.listRecords({ query: '' }));
  expect(listed).toMatchObject({ ok: false, error: { code: 'vault_locked' } });
  const session = await page.evaluate(() => window.keyhaven!.getSession({}));
  expect(session).toMatchObject({ ok: true, value: { kind: 'signed-in', vaultUnlocked: false } });
  await checkScreen(page, 'lock-screen');

  // Main holds the lock: any later refresh of the session does not open it from the keychain.
  await page.reload();
  await expect(unlockHeading(page)).toBeVisible();
  await page.evaluate(() => window.keyhaven!.completeOnboardingStep({ step: 'done', result: 'done' }));
  await expect(unlockHeading(page)).toBeVisible();
  expect(await page.evaluate(() => window.keyhaven!.getSession({}))).toMatchObject({ ok: true, value: { vaultUnlocked: false } });

  await page.getByRole('button', { name: 'Unlock' }).click();
  await expectVaultOpen(page);
  await expect(itemList(page).getByRole('listitem')).toHaveCount(2);
  await expect(listItem(page, 'Build server')).toBeVisible();
});

test.describe('with a 30-second idle lock', () => {
  test.use({ keyhavenOptions: { spec: IDLE_SPEC } });

  test('the idle lock fires while a one-time code is on screen: its polling is not activity, only the person\'s input is', async ({ page, context, keyhaven }) => {
    await signInAndOnboard(page, context, keyhaven, EMAIL);
    await addRecord(page, { title: 'Forge 2FA', username: 'alice', password: 'Pw-Forge!3kL', totp: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' });
    const detail = page.getByRole('region', { name: 'Item details' });
    await expect(detail.getByText(/^\d+ s left$/)).toBeVisible();

    // Nobody touches anything: the code keeps ticking (asking main every second) and the vault
    // still locks once the policy's 30 seconds have passed.
    await expect(unlockHeading(page)).toBeVisible({ timeout: 60_000 });
    expect(await page.evaluate(() => window.keyhaven!.getSession({}))).toMatchObject({ ok: true, value: { kind: 'signed-in', vaultUnlocked: false } });

    await page.getByRole('button', { name: 'Unlock' }).click();
    await expectVaultOpen(page);
    await expect(listItem(page, 'Forge 2FA')).toBeVisible();
  });

  test('the person\'s input keeps the vault open past the idle timeout', async ({ page, context, keyhaven }) => {
    await signInAndOnboard(page, context, keyhaven, EMAIL);
    await addRecord(page, { title: 'Wiki', username: 'alice', password: 'Pw-Wiki!2' });
    const started = Date.now();
    // Someone working: a key press every 5 seconds, for longer than the 30-second timeout plus a check.
    const search = page.getByRole('searchbox', { name: 'Search vault' });
    while (Date.now() - started < 45_000) {
      await search.press('w');
      await search.press('Backspace');
      await expect(unlockHeading(page)).toHaveCount(0);
      await page.waitForTimeout(5_000);
    }
    await expectVaultOpen(page);
  });
});
