import type { Page } from '@playwright/test';
import { DEMO_TENANT, type DemoTenantSpec } from '../../main/demo/demo-environment';
import { expect, test } from './support/fixture';
import { chooseExportFile, importSummary, keepScreenshot, vaultRecords, writeBulkLastPassCsv } from './support/import';
import { openAndSignIn, type Keyhaven } from './support/keyhaven';

const ALICE = 'alice@oidc.demo.keyhaven.test';
const ROWS = 20_000;
/** The import service's batch size: a cancel leaves a multiple of it stored. */
const BATCH = 200;

// Onboarding off for this role: the vault opens right after "Create my vault", so the test
// spends its time on the import.
const SPEC: DemoTenantSpec = {
  ...DEMO_TENANT,
  roles: DEMO_TENANT.roles.map((r) => (r.name === 'Employee' ? { ...r, policy: { ...r.policy, onboarding: false } } : r)),
};

test.use({ keyhavenOptions: { spec: SPEC } });
test.describe.configure({ timeout: 300_000 });

async function openEmptyVault(page: Page, kh: Keyhaven): Promise<void> {
  await openAndSignIn(page, page.context(), kh, ALICE);
  await expect(page.getByRole('heading', { name: 'Set up your vault' })).toBeVisible();
  await page.getByRole('button', { name: 'Create my vault' }).click();
  await expect(page.getByRole('heading', { name: 'Your vault is empty' })).toBeVisible();
}

/** Starts importing `file` and presses "Cancel import" once at least `after` items are stored. */
async function startThenCancel(page: Page, file: string, after: number): Promise<{ imported: number; duplicates: number; problems: number }> {
  const dialog = page.getByRole('dialog', { name: 'Import passwords' });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  expect(await chooseExportFile(page, file, 'LastPass (CSV)')).toMatchObject({ Logins: ROWS, Duplicates: 0, Problems: 0 });
  await dialog.getByRole('button', { name: `Import ${ROWS} items` }).click();
  const bar = dialog.getByRole('progressbar', { name: 'Import progress' });
  await expect(bar).toHaveAttribute('max', String(ROWS));
  await expect.poll(async () => Number(await bar.getAttribute('value')), { timeout: 120_000 }).toBeGreaterThanOrEqual(after);
  await expect(dialog.getByRole('status').filter({ hasText: new RegExp(`^\\d+ of ${ROWS}$`) })).toBeVisible();
  await keepScreenshot(page, 'cancel-1-running');
  await dialog.getByRole('button', { name: 'Cancel import' }).click();
  await expect(dialog.getByRole('heading', { name: 'Import cancelled' })).toBeVisible({ timeout: 60_000 });
  const summary = await importSummary(page);
  await keepScreenshot(page, 'cancel-2-summary');
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toBeHidden();
  return summary;
}

/** Cancelled part-way: whole batches only, the first ones of the file. */
async function expectWholeBatches(kh: Keyhaven, imported: number): Promise<void> {
  expect(imported).toBeGreaterThan(0);
  expect(imported).toBeLessThan(ROWS);
  expect(imported % BATCH).toBe(0);
  const titles = (await vaultRecords(kh)).map((r) => r.title);
  expect(titles).toHaveLength(imported);
  expect(new Set(titles)).toEqual(new Set(Array.from({ length: imported }, (_, i) => `Bulk cancel ${i + 1}`)));
}

test('a cancelled import keeps whole batches, and running it again imports the rest with no duplicates', async ({ page, keyhaven }) => {
  await openEmptyVault(page, keyhaven);
  const file = writeBulkLastPassCsv(ROWS, 'cancel');

  const first = await startThenCancel(page, file, 1_000);
  expect(first.duplicates).toBe(0);
  expect(first.problems).toBe(0);
  await expectWholeBatches(keyhaven, first.imported);
  const stored = new Map((await vaultRecords(keyhaven)).map((r) => [r.id, r.updatedAt]));

  // The same file again: what the first run stored is recognised and skipped, the rest imported.
  const dialog = page.getByRole('dialog', { name: 'Import passwords' });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  expect(await chooseExportFile(page, file, 'LastPass (CSV)')).toMatchObject({ Logins: ROWS, Duplicates: first.imported, Problems: 0 });
  await dialog.getByRole('button', { name: `Import ${ROWS - first.imported} items` }).click();
  expect(await importSummary(page)).toEqual({ imported: ROWS - first.imported, duplicates: first.imported, problems: 0 });
  await keepScreenshot(page, 'cancel-3-rest-imported');
  await dialog.getByRole('button', { name: 'Done' }).click();

  const records = await vaultRecords(keyhaven);
  expect(records).toHaveLength(ROWS);
  expect(new Set(records.map((r) => r.title)).size).toBe(ROWS);
  for (const [id, updatedAt] of stored) expect(records.find((r) => r.id === id)?.updatedAt).toBe(updatedAt);
  await expect(page.getByRole('status').filter({ hasText: /^\d+ items?$/ })).toHaveText(`${ROWS} items`);
});

test('after a cancel, importing the whole file anyway overwrites the stored batches: record ids are deterministic', async ({ page, keyhaven }) => {
  await openEmptyVault(page, keyhaven);
  const file = writeBulkLastPassCsv(ROWS, 'cancel');

  const first = await startThenCancel(page, file, 1_000);
  await expectWholeBatches(keyhaven, first.imported);
  const firstIds = new Set((await vaultRecords(keyhaven)).map((r) => r.id));

  // "Import them anyway" hands every row to the store again, under the same ids as before.
  const dialog = page.getByRole('dialog', { name: 'Import passwords' });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  expect(await chooseExportFile(page, file, 'LastPass (CSV)')).toMatchObject({ Duplicates: first.imported });
  await dialog.getByRole('radiogroup', { name: 'Duplicates' }).getByLabel('Import them anyway').check();
  await dialog.getByRole('button', { name: `Import ${ROWS} items` }).click();
  expect(await importSummary(page)).toEqual({ imported: ROWS, duplicates: 0, problems: 0 });
  await dialog.getByRole('button', { name: 'Done' }).click();

  const records = await vaultRecords(keyhaven);
  expect(records).toHaveLength(ROWS);
  expect(new Set(records.map((r) => r.title)).size).toBe(ROWS);
  for (const id of firstIds) expect(records.some((r) => r.id === id)).toBe(true);
});
