import { openAppWindow } from './support/app-window';
import { expect, test } from './support/fixture';
import { openAndSignIn } from './support/keyhaven';
import { approvalDialog, askForApproval } from './support/devices';
import { addRecord, expectVaultOpen, listItem, signInAndOnboard } from './support/vault';

const EMAIL = 'alice@oidc.demo.keyhaven.test';
const RECORD = { title: 'Team wiki Vb3', username: 'alice-wiki-Vb3', password: 'Pw-Wiki#3vB!q' };

test('a trusted device approves a second one by picking its phrase; a wrong pick and a denial refuse it; then the second device removes the first, which is signed out', async ({ page, context, browser, keyhaven: first, secondApp }) => {
  const second = await secondApp();
  await test.step('alice keeps a record on her first computer', async () => {
    await signInAndOnboard(page, context, first, EMAIL);
    await addRecord(page, RECORD);
  });

  const contextB = await browser.newContext();
  const pageB = await contextB.newPage();
  await test.step('she signs in on a second computer, which cannot open the vault yet', async () => {
    await openAndSignIn(pageB, contextB, second, EMAIL);
    await expect(pageB.getByRole('heading', { name: 'Unlock your vault' })).toBeVisible();
    await expect(pageB.getByRole('heading', { name: 'Approve from another device' })).toBeVisible();
  });

  await test.step('a wrong pick on the first computer refuses the request, and the second one is told', async () => {
    const phrase = await askForApproval(pageB);
    // The new device says which devices can approve: the first computer.
    await expect(pageB.getByRole('list', { name: 'Devices that can approve' }).getByRole('listitem')).toHaveCount(1);
    await expect(pageB.getByRole('list', { name: 'Devices that can approve' })).toContainText('(Linux)');
    const dialog = approvalDialog(page);
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('(Linux)');
    await expect(dialog).toContainText('127.0.0.1');
    const options = dialog.getByRole('radio');
    await expect(options).toHaveCount(4);
    await expect(dialog.getByRole('radio', { name: phrase })).toHaveCount(1);
    const names = await options.evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    const wrong = names.find((n) => n !== phrase)!;
    await dialog.getByRole('radio', { name: wrong }).check();
    await dialog.getByRole('button', { name: 'Approve' }).click();
    await expect(page.getByRole('dialog', { name: 'Device approval' })).toContainText('not the phrase the new device shows');
    await page.getByRole('button', { name: 'OK' }).click();
    const alert = pageB.getByRole('alert').filter({ hasText: 'Your other device refused this request' });
    await expect(alert).toHaveAttribute('data-code', 'approval_denied');
    await expect(alert).toContainText('did not match');
  });

  await test.step('Deny refuses the next request', async () => {
    await askForApproval(pageB, 'Ask again');
    await approvalDialog(page).getByRole('button', { name: 'Deny' }).click();
    await expect(page.getByRole('dialog', { name: 'Device approval' })).toContainText('denied');
    await page.getByRole('button', { name: 'OK' }).click();
    await expect(pageB.getByRole('alert').filter({ hasText: 'Your other device refused this request' })).toContainText('denied this request');
  });

  await test.step('picking the right phrase opens the same records on the second computer', async () => {
    const phrase = await askForApproval(pageB, 'Ask again');
    const dialog = approvalDialog(page);
    await dialog.getByRole('radio', { name: phrase }).check();
    await dialog.getByRole('button', { name: 'Approve' }).click();
    await expect(page.getByRole('dialog', { name: 'Device approval' })).toContainText('approved');
    await page.getByRole('button', { name: 'OK' }).click();
    await expectVaultOpen(pageB);
    await expect(listItem(pageB, RECORD.title)).toBeVisible();
  });

  await test.step('the second computer removes the first, which is signed out and locked, saying why', async () => {
    await pageB.getByRole('button', { name: 'Settings' }).click();
    const devices = pageB.getByRole('list', { name: 'Your devices' });
    await expect(devices.getByRole('listitem')).toHaveCount(2);
    await expect(devices.getByRole('listitem').filter({ hasText: '(this device)' })).toContainText('can open your vault');
    const firstItem = devices.getByRole('listitem').filter({ hasNotText: '(this device)' });
    await firstItem.getByRole('button', { name: /^Remove / }).click();
    await firstItem.getByRole('button', { name: /^Remove .+/ }).click();
    await expect(pageB.getByRole('status').filter({ hasText: 'was removed and signed out' })).toBeVisible();
    await expect(devices.getByRole('listitem')).toHaveCount(1);

    await expect(page.getByRole('heading', { name: 'Sign in to Keyhaven' })).toBeVisible();
    const alert = page.getByRole('alert');
    await expect(alert).toHaveAttribute('data-code', 'device_removed');
    await expect(alert).toContainText('This device was removed');
    expect(await (await openAppWindow(first)).listRecords({ query: '' })).toMatchObject({ ok: false, error: { code: 'session_expired' } });
  });

  await test.step('the second computer gives the vault a new key; its records stay readable', async () => {
    await pageB.getByRole('button', { name: 'Rotate my vault key' }).click();
    await expect(pageB.getByRole('status').filter({ hasText: 'Your vault has a new key' })).toHaveText('Your vault has a new key (1 item re-keyed).');
    await pageB.getByRole('button', { name: 'Close' }).click();
    await expect(listItem(pageB, RECORD.title)).toBeVisible();
  });
  await contextB.close();
});
