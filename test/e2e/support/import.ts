import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Locator, type Page } from '@playwright/test';
import type { VaultRecord } from '../../../preload/contract';
import { openAppWindow } from './app-window';
import type { Keyhaven } from './keyhaven';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** A file of `test/fixtures/import/`. */
export function importFixture(name: string): string {
  return path.join(root, 'test/fixtures/import', name);
}

const LASTPASS_HEADER = 'url,username,password,totp,extra,name,grouping,fav';

/**
 * A LastPass export of `rows` distinct logins (each its own host and username, so none is a
 * duplicate of another), written to a fresh temporary file. Titles are `Bulk <prefix> <n>`.
 */
export function writeBulkLastPassCsv(rows: number, prefix = 'site'): string {
  const lines = [LASTPASS_HEADER];
  for (let i = 1; i <= rows; i++) {
    lines.push(`https://${prefix}-${i}.bulk.example.test/login,user${i}@${prefix}.example.test,pw-${prefix}-${i},,,Bulk ${prefix} ${i},Bulk\\Group ${i % 10},0`);
  }
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'keyhaven-e2e-import-')), `${prefix}-${rows}.csv`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** The signed-in user's decrypted vault as main gives it to any window (not what the page shows). */
export async function vaultRecords(keyhaven: Keyhaven): Promise<readonly VaultRecord[]> {
  const app = await openAppWindow(keyhaven);
  const records: VaultRecord[] = [];
  for (;;) {
    const listed = await app.listRecords({ query: '', offset: records.length, limit: 1_000 });
    if (!listed.ok) throw new Error(`listRecords failed: ${listed.error.code}`);
    records.push(...listed.value.records);
    if (listed.value.records.length === 0 || records.length >= listed.value.total) return records;
  }
}

/** A `<dl>`'s term → definition pairs, in order (each dt is followed by exactly one dd). */
export async function definitionPairs(scope: Locator): Promise<[string, string][]> {
  const terms = await scope.getByRole('term').allInnerTexts();
  const definitions = await scope.getByRole('definition').allInnerTexts();
  expect(definitions).toHaveLength(terms.length);
  return terms.map((t, i) => [t.trim(), definitions[i]!.trim()]);
}

/** The preview's counts ("Logins" → 3, …) as shown on screen. */
export async function previewCounts(page: Page): Promise<Record<string, number>> {
  const preview = page.getByRole('region', { name: 'Preview' });
  await expect(preview).toBeVisible();
  return Object.fromEntries((await definitionPairs(preview)).map(([k, v]) => [k, Number(v)]));
}

export interface ProgressSample {
  readonly value: number;
  readonly max: number;
  /** performance.now() in the page when the bar took this value. */
  readonly at: number;
}

/**
 * Records every value/max the "Import progress" bar takes, from inside the page, so a fast
 * import cannot slip between two polls of the test. Read it with `progressSamples`.
 */
export async function recordProgressBar(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __importProgressSamples: { value: number; max: number; at: number }[] };
    w.__importProgressSamples = [];
    const sample = () => {
      for (const bar of Array.from(document.querySelectorAll('progress'))) {
        const label = bar.labels?.[0]?.textContent ?? '';
        if (label !== 'Import progress') continue;
        const s = { value: Number(bar.getAttribute('value')), max: Number(bar.getAttribute('max')), at: performance.now() };
        const last = w.__importProgressSamples[w.__importProgressSamples.length - 1];
        if (!last || last.value !== s.value || last.max !== s.max) w.__importProgressSamples.push(s);
      }
    };
    new MutationObserver(sample).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['value', 'max'] });
  });
}

export async function progressSamples(page: Page): Promise<ProgressSample[]> {
  return page.evaluate(() => (window as unknown as { __importProgressSamples: ProgressSample[] }).__importProgressSamples);
}

/** Chooses the file, waits for the preview and returns its counts. */
export async function chooseExportFile(page: Page, file: string, expectedFormat: string): Promise<Record<string, number>> {
  await page.getByLabel('Choose an export file').setInputFiles(file);
  await expect(page.getByText(`Detected format: ${expectedFormat}`)).toBeVisible({ timeout: 60_000 });
  return previewCounts(page);
}

/** A screenshot kept with the test's results (and attached to its report). */
export async function keepScreenshot(page: Page, name: string): Promise<void> {
  const file = test.info().outputPath(`${name}.png`);
  await page.screenshot({ path: file });
  await test.info().attach(name, { path: file, contentType: 'image/png' });
}

/** The summary's status line, parsed: "Imported X, duplicates skipped Y, problems Z". */
export async function importSummary(page: Page): Promise<{ imported: number; duplicates: number; problems: number }> {
  const status = page.getByRole('status').filter({ hasText: /^Imported \d+, duplicates skipped \d+, problems \d+$/ });
  await expect(status).toBeVisible({ timeout: 110_000 });
  const m = /^Imported (\d+), duplicates skipped (\d+), problems (\d+)$/.exec((await status.innerText()).trim());
  expect(m).not.toBeNull();
  return { imported: Number(m![1]), duplicates: Number(m![2]), problems: Number(m![3]) };
}
