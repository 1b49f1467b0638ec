import { expect, test } from '@playwright/test';
import { demoPassword, openApp, signInThroughIdp, startKeyhaven, type Keyhaven } from './support/keyhaven';
import { approvalDialog, askForApproval, startSecondApp } from './support/devices';
import { addRecord, expectVaultOpen, listItem, signInAndOnboard } from './support/vault';

const EMAIL = 'alice@oidc.demo.keyhaven.test';
const RECORD = { title: 'Expense tool Hp4', username: 'alice-exp-Hp4', password: 'Pw-Expense#4hP!' };

let server: Keyhaven;
let first: Keyhaven;
let second: Keyhaven;

test.beforeEach(async () => {
  // The backend and IdPs run on their own here, so the first computer can go offline.
  server = await startKeyhaven();
  first = await startSecondApp(server, [47394, 47395, 47396]);
  second = await startSecondApp(server, [47397, 47398, 47399]);
});
test.afterEach(async () => {
  await second?.close();
  await first?.close();
  await server?.close();
});

test('with the trusted computer offline the new one says it could not reach it, and is approved once it comes back', async ({ page, context, browser }) => {
  await signInAndOnboard(page, context, first, EMAIL);
  await addRecord(page, RECORD);
  await page.close();
  await first.close();

  const contextB = await browser.newContext();
  const pageB = await contextB.newPage();
  await openApp(pageB, second);
  (await signInThroughIdp(pageB, contextB, second, EMAIL, demoPassword(EMAIL))).close();
  const phrase = await askForApproval(pageB);
  await expect(pageB.getByRole('status').filter({ hasText: 'Waiting for your other devices' })).toBeVisible();
  // The app gives other devices 15 s to show the request, then says so (and keeps waiting).
  await expect(pageB.getByRole('status').filter({ hasText: 'Could not reach your other devices' })).toBeVisible({ timeout: 60_000 });

  first = await first.restart();
  const pageA = await context.newPage();
  await openApp(pageA, first);
  await expectVaultOpen(pageA);
  const dialog = approvalDialog(pageA);
  await dialog.getByRole('radio', { name: phrase }).check();
  await dialog.getByRole('button', { name: 'Approve' }).click();
  await expectVaultOpen(pageB);
  await expect(listItem(pageB, RECORD.title)).toBeVisible();
  await contextB.close();
});
