import { approvalDialog, askForApproval } from './support/devices';
import { expect, test } from './support/fixture';
import { openAndSignIn, openApp } from './support/keyhaven';
import { addRecord, expectVaultOpen, listItem, signInAndOnboard } from './support/vault';

const EMAIL = 'alice@oidc.demo.keyhaven.test';
const RECORD = { title: 'Expense tool Hp4', username: 'alice-exp-Hp4', password: 'Pw-Expense#4hP!' };

test('with the trusted computer offline the new one says it could not reach it, and is approved once it comes back', async ({ page, context, browser, secondApp }) => {
  // The backend and IdPs run in the fixture's host, so the first computer can go offline.
  let first = await secondApp();
  const second = await secondApp();
  await signInAndOnboard(page, context, first, EMAIL);
  await addRecord(page, RECORD);
  await page.close();
  await first.close();

  const contextB = await browser.newContext();
  const pageB = await contextB.newPage();
  await openAndSignIn(pageB, contextB, second, EMAIL);
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
