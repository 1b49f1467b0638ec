import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { DEMO_TENANT } from '../../main/demo/demo-environment';
import { expect, test } from './support/fixture';
import {
  chooseExportFile,
  definitionPairs,
  importFixture,
  importSummary,
  keepScreenshot,
  progressSamples,
  recordProgressBar,
  vaultRecords,
  writeBulkLastPassCsv,
} from './support/import';
import { openAndSignIn, type Keyhaven } from './support/keyhaven';
import { itemList, listItem } from './support/vault';

const ALICE = 'alice@oidc.demo.keyhaven.test';

async function signIn(page: Page, kh: Keyhaven, email: string): Promise<void> {
  await openAndSignIn(page, page.context(), kh, email);
  await expect(page.getByRole('heading', { name: `Welcome to Keyhaven, ${email}` })).toBeVisible();
}

/** Welcome → Create your vault → Import your passwords. */
async function walkToImportStep(page: Page): Promise<void> {
  await expect(page.getByRole('list', { name: 'What happens next' })).toContainText('Import passwords (optional)');
  await page.getByRole('button', { name: 'Get started' }).click();
  await expect(page.getByRole('heading', { name: 'Create your vault' })).toBeVisible();
  await page.getByRole('button', { name: 'Create my vault' }).click();
  await expect(page.getByRole('heading', { name: 'Import your passwords' })).toBeVisible();
}

/** From the step after the import to the open vault. */
async function finishWizard(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Install the browser extension' })).toBeVisible();
  await page.getByRole('button', { name: 'Skip this step' }).click();
  await expect(page.getByRole('heading', { name: 'Set up two-factor authentication' })).toBeVisible();
  await page.getByRole('button', { name: 'Skip this step' }).click();
  await expect(page.getByRole('heading', { name: 'Your vault is ready' })).toBeVisible();
  await page.getByRole('button', { name: 'Open my vault' }).click();
  await expect(page.getByRole('button', { name: 'Settings' })).toBeVisible();
}

/** Onboarding with the small LastPass fixture, up to the open vault. */
async function onboardWithLastPassFixture(page: Page, kh: Keyhaven): Promise<void> {
  await signIn(page, kh, ALICE);
  await walkToImportStep(page);
  await chooseExportFile(page, importFixture('lastpass.csv'), 'LastPass (CSV)');
  await page.getByRole('button', { name: 'Import 5 items' }).click();
  await expect(page.getByRole('heading', { name: 'Import finished' })).toBeVisible();
  expect(await importSummary(page)).toEqual({ imported: 5, duplicates: 0, problems: 0 });
  await page.getByRole('button', { name: 'Done' }).click();
  await finishWizard(page);
}

test('a new employee imports a LastPass export in onboarding and finds the items in the vault', async ({ page, keyhaven }) => {
  await signIn(page, keyhaven, ALICE);
  await walkToImportStep(page);
  await keepScreenshot(page, 'import-1-step');

  const counts = await chooseExportFile(page, importFixture('lastpass.csv'), 'LastPass (CSV)');
  // lastpass.csv: 3 logins (2 with TOTP), 2 secure notes, folders Work/Social, Work/Servers, Finance.
  expect(counts).toEqual({ Logins: 3, 'Secure notes': 2, Folders: 3, 'With TOTP': 2, Duplicates: 0, Problems: 0 });
  await expect(page.getByRole('radiogroup', { name: 'Duplicates' }).getByLabel('Skip duplicates')).toBeChecked();
  await keepScreenshot(page, 'import-2-preview');

  await page.getByRole('button', { name: 'Import 5 items' }).click();
  await expect(page.getByRole('heading', { name: 'Import finished' })).toBeVisible();
  expect(await importSummary(page)).toEqual({ imported: 5, duplicates: 0, problems: 0 });
  await expect(page.getByText(/^Line \d+:/)).toHaveCount(0);
  await keepScreenshot(page, 'import-3-summary');
  await page.getByRole('button', { name: 'Done' }).click();

  // Done answers the step: the wizard moves on, the import step is marked done.
  await expect(page.getByRole('navigation', { name: 'Onboarding progress' }).getByRole('listitem').filter({ hasText: 'Import passwords' })).toHaveAttribute(
    'data-status',
    'done',
  );
  await finishWizard(page);
  await expect(page.getByRole('button', { name: 'Import', exact: true })).toBeVisible();
  await keepScreenshot(page, 'import-4-vault');

  // The records are in the vault: on screen…
  await expect(page.getByRole('status').filter({ hasText: /^\d+ items?$/ })).toHaveText('5 items');
  await page.getByLabel('Search vault').fill('Café');
  await expect(page.getByRole('status').filter({ hasText: /^\d+ items?$/ })).toHaveText('1 item');
  await page.getByRole('button', { name: /Café Zürich 🔑/ }).click();
  const detail = page.getByRole('article');
  await expect(detail.getByRole('heading', { name: /Café Zürich 🔑/ })).toBeVisible();
  const fields = Object.fromEntries(await definitionPairs(detail));
  expect(fields['Username']).toMatch(/^alice@example\.com/);
  expect(fields['Folder']).toBe('Work/Social');
  expect(fields['Notes']).toBe('Line one\nLine two');
  await expect(detail.getByText('https://cafe.example.ch/login')).toBeVisible();
  await keepScreenshot(page, 'import-5-record');

  // …and in main's decrypted vault, with the password exactly as exported (quotes, comma).
  const records = await vaultRecords(keyhaven);
  expect(records.map((r) => r.title).sort()).toEqual(['Bank', 'Café Zürich 🔑', 'DB server', 'No site', 'Wi-Fi code']);
  const cafe = records.find((r) => r.title === 'Café Zürich 🔑');
  expect(cafe).toMatchObject({ username: 'alice@example.com', password: 'p@ss,"word"', folder: 'Work/Social', favorite: true });
  expect(records.find((r) => r.title === 'Bank')?.folder).toBe('Finance');
});

test('a malformed export: the good rows are imported and every bad row is reported by line', async ({ page, keyhaven }) => {
  await signIn(page, keyhaven, ALICE);
  await walkToImportStep(page);

  const counts = await chooseExportFile(page, importFixture('malformed/lastpass-bad-rows.csv'), 'LastPass (CSV)');
  // Line 4 (URL and username, no title or password) is still a login; line 8 imports without its
  // invalid TOTP, which is reported.
  expect(counts).toMatchObject({ Logins: 5, Duplicates: 0, Problems: 4 });
  const expectedProblems = [
    'Line 3: Expected 8 columns but found 3',
    'Line 8: The one-time password secret is not valid base32; the item was imported without it',
    'Line 9: Empty row',
    'Line 11: A quoted field is never closed (missing "); this line was not imported',
  ];
  await expect(page.getByRole('list', { name: 'Problems' }).getByRole('listitem')).toHaveText(expectedProblems);
  await keepScreenshot(page, 'malformed-1-preview');

  await page.getByRole('button', { name: 'Import 5 items' }).click();
  const summary = await importSummary(page);
  await expect(page.getByRole('list', { name: 'Problems' }).getByRole('listitem')).toHaveText(expectedProblems);
  await keepScreenshot(page, 'malformed-2-summary');
  // 8 rows in the file (the header and a quoted note's extra lines are not rows): every one is
  // imported, skipped as a duplicate or reported; line 8 is both imported and reported.
  expect(summary).toEqual({ imported: 5, duplicates: 0, problems: 4 });
  expect(summary.imported + summary.duplicates + summary.problems - 1).toBe(8);

  await page.getByRole('button', { name: 'Done' }).click();
  await finishWizard(page);
  expect((await vaultRecords(keyhaven)).map((r) => r.title).sort()).toEqual(['Bad TOTP', 'Good one', 'Good three', 'Good two', 'x.example.com']);
  expect((await vaultRecords(keyhaven)).find((r) => r.title === 'Bad TOTP')).toMatchObject({ password: 'pw5', totp: null });
  expect((await vaultRecords(keyhaven)).find((r) => r.title === 'Good two')?.notes).toBe('note\nspanning\nthree lines');
});

test('importing the same file again from the vault finds every item a duplicate and skips them', async ({ page, keyhaven }) => {
  await onboardWithLastPassFixture(page, keyhaven);
  const before = await vaultRecords(keyhaven);
  expect(before).toHaveLength(5);

  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Import passwords' });
  await expect(dialog).toBeVisible();
  const counts = await chooseExportFile(page, importFixture('lastpass.csv'), 'LastPass (CSV)');
  expect(counts).toMatchObject({ Logins: 3, 'Secure notes': 2, Duplicates: 5, Problems: 0 });
  await keepScreenshot(page, 'again-1-preview');
  // Skipping duplicates leaves nothing to import…
  await expect(dialog.getByRole('button', { name: 'Import 0 items' })).toBeDisabled();
  // …while importing them anyway would take all five.
  await dialog.getByRole('radiogroup', { name: 'Duplicates' }).getByLabel('Import them anyway').check();
  await expect(dialog.getByRole('button', { name: 'Import 5 items' })).toBeEnabled();
  await dialog.getByRole('radiogroup', { name: 'Duplicates' }).getByLabel('Skip duplicates').check();
  await expect(dialog.getByRole('button', { name: 'Import 0 items' })).toBeDisabled();
  await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(dialog).toBeHidden();

  // The same file plus two new rows: the five known items are skipped, the two new ones imported.
  const grown = path.join(mkdtempSync(path.join(os.tmpdir(), 'keyhaven-e2e-import-')), 'lastpass-grown.csv');
  writeFileSync(
    grown,
    `${readFileSync(importFixture('lastpass.csv'), 'utf8').trimEnd()}\nhttps://new.example.org,newbie,pw-new,,,New one,Work\\Social,0\nhttps://other.example.org,other,pw-other,,,Other one,,0\n`,
  );
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  expect(await chooseExportFile(page, grown, 'LastPass (CSV)')).toMatchObject({ Logins: 5, Duplicates: 5 });
  await dialog.getByRole('button', { name: 'Import 2 items' }).click();
  expect(await importSummary(page)).toEqual({ imported: 2, duplicates: 5, problems: 0 });
  await keepScreenshot(page, 'again-2-summary');
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toBeHidden();

  const after = await vaultRecords(keyhaven);
  expect(after).toHaveLength(7);
  // The five earlier items are untouched (same ids, same revision), not stored twice.
  for (const r of before) expect(after.find((a) => a.id === r.id)?.updatedAt).toBe(r.updatedAt);
  await expect(page.getByRole('status').filter({ hasText: /^\d+ items?$/ })).toHaveText('7 items');
});

test('re-importing a changed export merges: new items added, unedited matches updated, edited ones left alone', async ({ page, keyhaven }) => {
  await onboardWithLastPassFixture(page, keyhaven);
  const before = await vaultRecords(keyhaven);

  // Edited by hand since the import: the re-import must not overwrite it.
  await listItem(page, 'Bank').click();
  await page.getByRole('region', { name: 'Item details' }).getByRole('button', { name: 'Edit' }).click();
  const form = page.getByRole('form', { name: 'Edit “Bank”' });
  await form.getByLabel('Notes').fill('Changed in Keyhaven');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('region', { name: 'Item details' })).toContainText('Changed in Keyhaven');

  // The export again, where the old manager changed both Café's and Bank's passwords, plus one new login.
  const original = readFileSync(importFixture('lastpass.csv'), 'utf8');
  const changed = original.replace('"p@ss,""word"""', 'cafe-new-pw').replace(',bob,hunter2,', ',bob,bank-new-pw,').trimEnd();
  expect(changed).not.toBe(original.trimEnd());
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'keyhaven-e2e-import-')), 'lastpass-changed.csv');
  writeFileSync(file, `${changed}\nhttps://new.example.org,newbie,pw-new,,,New one,,0\n`);

  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Import passwords' });
  const counts = await chooseExportFile(page, file, 'LastPass (CSV)');
  expect(counts).toMatchObject({ Duplicates: 5, 'Will be added': 1, 'Will be updated': 1, 'Left alone': 4 });
  await keepScreenshot(page, 'merge-1-preview');
  await dialog.getByRole('button', { name: 'Import 2 items' }).click();
  expect(await importSummary(page)).toEqual({ imported: 2, duplicates: 4, problems: 0 });
  await expect(dialog.getByText(/Of these, 1 were updated in place/)).toBeVisible();
  await dialog.getByRole('button', { name: 'Done' }).click();

  const after = await vaultRecords(keyhaven);
  expect(after).toHaveLength(6);
  const cafe = after.find((r) => r.title === 'Café Zürich 🔑');
  expect(cafe?.id).toBe(before.find((r) => r.title === 'Café Zürich 🔑')?.id);
  expect(cafe?.password).toBe('cafe-new-pw');
  expect(after.find((r) => r.title === 'Bank')).toMatchObject({ password: 'hunter2', notes: 'Changed in Keyhaven' });
  expect(after.find((r) => r.title === 'New one')?.password).toBe('pw-new');
});

test('a large import shows its progress from 0 to the number of records', async ({ page, keyhaven }) => {
  await onboardWithLastPassFixture(page, keyhaven);
  const rows = 3_000;
  const file = writeBulkLastPassCsv(rows, 'progress');

  await page.getByRole('button', { name: 'Import', exact: true }).click();
  expect(await chooseExportFile(page, file, 'LastPass (CSV)')).toMatchObject({ Logins: rows, Folders: 10, Duplicates: 0, Problems: 0 });
  await recordProgressBar(page);
  await page.getByRole('button', { name: `Import ${rows} items` }).click();
  // The bar may come and go faster than a poll sees it: what it showed is recorded as it
  // changed (recordProgressBar) and checked below.
  expect(await importSummary(page)).toEqual({ imported: rows, duplicates: 0, problems: 0 });
  await keepScreenshot(page, 'progress-2-summary');

  const samples = await progressSamples(page);
  // Every sample is out of the number of records, rises, passes through values in between and
  // ends at done.
  expect(samples.length).toBeGreaterThan(2);
  expect(samples.every((s) => s.max === rows)).toBe(true);
  for (let i = 1; i < samples.length; i++) expect(samples[i]!.value).toBeGreaterThanOrEqual(samples[i - 1]!.value);
  expect(samples.some((s) => s.value > 0 && s.value < rows)).toBe(true);
  expect(samples[samples.length - 1]!.value).toBe(rows);
  expect(await vaultRecords(keyhaven)).toHaveLength(rows + 5);

  // The list shows a page and counts them all; "Show more" adds the next page and moves focus into it.
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^\d+ items?$/ })).toHaveText(`${rows + 5} items`);
  await expect(itemList(page).getByRole('listitem')).toHaveCount(200);
  await page.getByRole('button', { name: `Show more (${rows + 5 - 200} more)` }).click();
  await expect(itemList(page).getByRole('listitem')).toHaveCount(400);
  await expect(itemList(page).getByRole('listitem').nth(200).getByRole('button')).toBeFocused();
});

test.describe('a role whose policy forbids importing', () => {
  test.use({
    keyhavenOptions: {
      spec: { ...DEMO_TENANT, roles: DEMO_TENANT.roles.map((r) => (r.name === 'Employee' ? { ...r, policy: { ...r.policy, allowImport: false } } : r)) },
    },
  });

  test('a role whose policy forbids importing has no Import button and main refuses the call', async ({ page, keyhaven }) => {
    await openAndSignIn(page, page.context(), keyhaven, ALICE);
    await expect(page.getByRole('heading', { name: `Welcome to Keyhaven, ${ALICE}` })).toBeVisible();
    // No import step in the plan…
    await expect(page.getByRole('list', { name: 'What happens next' })).not.toContainText('Import');
    await page.getByRole('button', { name: 'Get started' }).click();
    await page.getByRole('button', { name: 'Create my vault' }).click();
    await finishWizard(page);
    await expect(page.getByRole('heading', { name: 'Your vault is empty' })).toBeVisible();
    await keepScreenshot(page, 'not-allowed-vault');
    // …no Import button, not even in the empty vault…
    await expect(page.getByRole('button', { name: /^Import/ })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Add an item' })).toBeVisible();

    // …and main refuses the channel itself.
    const data = Buffer.from('url,username,password,totp,extra,name,grouping,fav\nhttps://a.example,a,b,,,A,,0\n').toString('base64');
    const answer = await page.evaluate(
      (dataBase64) => (window as unknown as { keyhaven: { previewImport(r: unknown): Promise<unknown> } }).keyhaven.previewImport({ fileName: 'a.csv', dataBase64, format: null, password: null, mapping: null }),
      data,
    );
    expect(answer).toMatchObject({ ok: false, error: { code: 'import_not_allowed' } });
    expect(await vaultRecords(keyhaven)).toHaveLength(0);
  });
});
