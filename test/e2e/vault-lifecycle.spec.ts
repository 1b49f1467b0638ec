import path from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixture';
import { captureLogs, openApp } from './support/keyhaven';
import { addRecord, expectVaultOpen, fileHits, filesUnder, fillRecordForm, itemList, listItem, pageClipboard, plainTextHits, signInAndOnboard, type RecordInput } from './support/vault';

const EMAIL = 'alice@oidc.demo.keyhaven.test';

const PAYROLL: RecordInput = {
  title: 'Payroll portal Qx7',
  username: 'alice.payroll-7Kq',
  password: 'Pw-Payroll#8fT2!zz',
  website: 'https://payroll.example.test/login',
  notes: 'Quarterly payroll note ZetaNine',
};
const STAGING: RecordInput = {
  title: 'Staging database R4v',
  username: 'db-admin-R4v',
  password: 'Pw-Staging$9mX3?yy',
  website: 'https://db.example.test',
  notes: 'Rotate staging creds before launch',
};
const STAGING_EDITED = { password: 'Pw-Staging-edited$4Lq', notes: 'Edited note HotelSeven' };
const WIFI: RecordInput = {
  title: 'Office Wi-Fi W2z',
  username: 'guest-W2z',
  password: 'Pw-Wifi&2nB7=xx',
  notes: 'Lobby access point Delta',
};

/** Every password, username, title and note this test ever typed into the vault. */
const SECRETS = [PAYROLL, STAGING, WIFI].flatMap((r) => [r.title, r.username ?? '', r.password ?? '', r.notes ?? '']).concat(Object.values(STAGING_EDITED));

const logs = captureLogs('debug');
test.use({ keyhavenOptions: { logger: logs.logger } });

async function expectItemCount(page: Page, count: number): Promise<void> {
  await expect(itemList(page).getByRole('listitem')).toHaveCount(count);
  await expect(page.getByRole('status').filter({ hasText: /^\d+ items?$/ })).toHaveText(`${count} item${count === 1 ? '' : 's'}`);
}

/** The data folder's files and the captured log lines hold none of the test's secrets in clear. */
function expectZeroKnowledge(dataDir: string, lines: readonly string[]): void {
  const files = filesUnder(dataDir);
  expect(files.map((f) => path.basename(f))).toEqual(expect.arrayContaining(['demo-backend.sqlite', 'device.json']));
  expect(fileHits(files, SECRETS)).toEqual([]);
  expect(plainTextHits(Buffer.from(lines.join('')), 'the logs', SECRETS)).toEqual([]);
}

test('an employee onboards, keeps passwords, and finds them again after a restart without typing a password; nothing readable is stored', async ({ page, context, keyhaven }) => {
  await test.step('sign in and walk the onboarding wizard', async () => {
    await signInAndOnboard(page, context, keyhaven, EMAIL);
    await expect(page.getByRole('heading', { name: 'Your vault is empty' })).toBeVisible();
  });

  await test.step('add three items', async () => {
    for (const record of [PAYROLL, STAGING, WIFI]) await addRecord(page, record);
    await expectItemCount(page, 3);
  });

  await test.step('edit one', async () => {
    await listItem(page, STAGING.title).click();
    await page.getByRole('button', { name: 'Edit' }).click();
    await expect(page.getByRole('form', { name: `Edit “${STAGING.title}”` })).toBeVisible();
    await fillRecordForm(page, STAGING_EDITED);
    await page.getByRole('button', { name: 'Save' }).click();
    const detail = page.getByRole('region', { name: 'Item details' });
    await expect(detail.getByRole('heading', { name: STAGING.title })).toBeVisible();
    await expect(detail).toContainText(STAGING_EDITED.notes);
    await detail.getByRole('button', { name: 'Show password' }).click();
    await expect(detail.getByText(STAGING_EDITED.password, { exact: true })).toBeVisible();
    await expectItemCount(page, 3);
  });

  await test.step('search', async () => {
    const search = page.getByRole('searchbox', { name: 'Search vault' });
    await search.fill('payroll');
    await expectItemCount(page, 1);
    await expect(listItem(page, PAYROLL.title)).toBeVisible();
    // Notes are searched too, case-insensitively.
    await search.fill('DELTA');
    await expectItemCount(page, 1);
    await expect(listItem(page, WIFI.title)).toBeVisible();
    await search.fill('nothing-like-this');
    await expect(page.getByRole('status').filter({ hasText: 'No items match' })).toHaveText('No items match “nothing-like-this”.');
    await expect(itemList(page).getByRole('listitem')).toHaveCount(0);
    await search.fill('');
    await expectItemCount(page, 3);
  });

  await test.step('delete one, undo, delete again', async () => {
    const confirmDelete = async () => {
      await listItem(page, WIFI.title).click();
      await page.getByRole('region', { name: 'Item details' }).getByRole('button', { name: 'Delete' }).click();
      const dialog = page.getByRole('dialog', { name: `Delete “${WIFI.title}”?` });
      await expect(dialog).toBeVisible();
      await dialog.getByRole('button', { name: 'Delete' }).click();
      await expect(dialog).toHaveCount(0);
      await expect(listItem(page, WIFI.title)).toHaveCount(0);
      await expectItemCount(page, 2);
    };
    await confirmDelete();
    await expect(page.getByRole('status').filter({ hasText: 'Deleted' })).toContainText(`Deleted “${WIFI.title}”.`);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect(listItem(page, WIFI.title)).toBeVisible();
    await expectItemCount(page, 3);
    await confirmDelete();
  });

  await test.step('copy a password: the page\'s clipboard holds it, then is cleared', async () => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.getByRole('button', { name: 'Settings' }).click();
    const settings = page.getByRole('dialog', { name: 'Settings' });
    const seconds = settings.getByLabel('Clear clipboard after (seconds)');
    await expect(seconds).toHaveValue('30');
    await seconds.fill('2');
    await seconds.press('Enter');
    await settings.getByRole('button', { name: 'Close' }).click();
    await expect(settings).toHaveCount(0);

    await listItem(page, PAYROLL.title).click();
    await page.getByRole('button', { name: 'Copy password' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'copied' })).toHaveText('Password copied. The clipboard clears in 2 seconds.');
    expect(await pageClipboard(page)).toBe(PAYROLL.password);
    // The host process is a server: the password never sits in its memory clipboard.
    expect(keyhaven.host.clipboard.current).toBe('');
    await expect.poll(() => pageClipboard(page), { timeout: 15_000 }).toBe('');
    await expect(page.getByRole('status').filter({ hasText: 'copied' })).toHaveCount(0);
  });

  await test.step('the backend holds ciphertext only (while the host runs, WAL included)', () => {
    const db = new Database(path.join(keyhaven.dataDir, 'demo-backend.sqlite'), { readonly: true, fileMustExist: true });
    try {
      const rows = db.prepare('SELECT id, envelope, deleted FROM vault_records').all() as { id: string; envelope: string; deleted: number }[];
      expect(rows).toHaveLength(3);
      expect(rows.filter((r) => r.deleted === 1)).toHaveLength(1);
      for (const row of rows) expect(row.envelope).toMatch(/^kh1\.a256gcm\.[\w-]+\.[\w-]+\.[\w-]+~kh1\.a256gcm\.[\w-]+\.[\w-]+\.[\w-]+$/);
    } finally {
      db.close();
    }
    expectZeroKnowledge(keyhaven.dataDir, logs.lines);
  });

  await test.step('restart: signed in again and unlocked from the keychain, records intact', async () => {
    keyhaven = await keyhaven.restart();
    await openApp(page, keyhaven);
    await expectVaultOpen(page);
    await expect(page.getByRole('heading', { name: 'Unlock your vault' })).toHaveCount(0);
    await expect(page.getByLabel('Master password')).toHaveCount(0);
    await expectItemCount(page, 2);
    await expect(listItem(page, WIFI.title)).toHaveCount(0);

    await listItem(page, PAYROLL.title).click();
    const detail = page.getByRole('region', { name: 'Item details' });
    await expect(detail.getByRole('heading', { name: PAYROLL.title })).toBeVisible();
    await expect(detail).toContainText(PAYROLL.username ?? '');
    await expect(detail).toContainText(PAYROLL.notes ?? '');
    await expect(detail).toContainText(PAYROLL.website ?? '');
    await detail.getByRole('button', { name: 'Show password' }).click();
    await expect(detail.getByText(PAYROLL.password ?? '', { exact: true })).toBeVisible();

    await listItem(page, STAGING.title).click();
    await expect(detail.getByRole('heading', { name: STAGING.title })).toBeVisible();
    await expect(detail).toContainText(STAGING_EDITED.notes);
    await detail.getByRole('button', { name: 'Show password' }).click();
    await expect(detail.getByText(STAGING_EDITED.password, { exact: true })).toBeVisible();
  });

  await test.step('zero knowledge: no file in the data folder and no log line holds a secret in clear', () => {
    expect(logs.lines.length).toBeGreaterThan(0);
    expectZeroKnowledge(keyhaven.dataDir, logs.lines);
  });
});
