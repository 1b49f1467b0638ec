import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, type BrowserContext, type Page } from '@playwright/test';
import { demoPassword, openAndSignIn, type Keyhaven } from './keyhaven';

/** What the record editor's boxes take; empty strings leave a box as it is. */
export interface RecordInput {
  readonly title: string;
  readonly username?: string;
  readonly password?: string;
  readonly website?: string;
  readonly notes?: string;
  readonly totp?: string;
}

/** The vault screen is up: its header and the item list are shown. */
export async function expectVaultOpen(page: Page): Promise<void> {
  await expect(page.getByRole('button', { name: 'New item' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Unlock your vault' })).toHaveCount(0);
}

/**
 * Opens the app, signs in through the demo OIDC IdP and walks the onboarding wizard of a role
 * without a master password: Get started → Create my vault → skip every optional step → Open my vault.
 */
export async function signInAndOnboard(page: Page, context: BrowserContext, keyhaven: Keyhaven, email: string, password = demoPassword(email)): Promise<void> {
  await openAndSignIn(page, context, keyhaven, email, password);
  await onboardWithoutMasterPassword(page, email);
}

/** Right after the first sign-in: Get started → Create my vault → skip every optional step → Open my vault. */
export async function onboardWithoutMasterPassword(page: Page, email: string): Promise<void> {
  await expect(page.getByRole('heading', { name: `Welcome to Keyhaven, ${email}` })).toBeVisible();
  await page.getByRole('button', { name: 'Get started' }).click();
  await expect(page.getByRole('heading', { name: 'Create your vault' })).toBeVisible();
  // This role asks for no master password: no password box, one button.
  await expect(page.getByLabel('Master password', { exact: false })).toHaveCount(0);
  await page.getByRole('button', { name: 'Create my vault' }).click();
  await skipToOpenVault(page);
}

/** After "Create my vault": skips every optional step, then Open my vault. */
export async function skipToOpenVault(page: Page): Promise<void> {
  const ready = page.getByRole('heading', { name: 'Your vault is ready' });
  const skip = page.getByRole('button', { name: 'Skip this step' });
  for (let i = 0; i < 5 && !(await ready.isVisible()); i += 1) {
    await expect(skip.or(ready).first()).toBeVisible();
    if (await ready.isVisible()) break;
    const heading = await page.getByRole('heading', { level: 1 }).textContent();
    await skip.click();
    // The next step (or the finish) replaces this one.
    await expect(page.getByRole('heading', { level: 1, name: heading ?? '' })).toHaveCount(0);
  }
  await page.getByRole('button', { name: 'Open my vault' }).click();
  await expectVaultOpen(page);
}

export async function addRecord(page: Page, record: RecordInput): Promise<void> {
  await page.getByRole('button', { name: 'New item' }).click();
  const form = page.getByRole('form', { name: 'New item' });
  await fillRecordForm(page, record);
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 2, name: record.title })).toBeVisible();
}

export async function fillRecordForm(page: Page, record: Partial<RecordInput>): Promise<void> {
  const form = page.getByRole('form');
  if (record.title !== undefined) await form.getByLabel('Title').fill(record.title);
  if (record.username !== undefined) await form.getByLabel('Username').fill(record.username);
  if (record.password !== undefined) await form.getByLabel('Password', { exact: true }).fill(record.password);
  if (record.website !== undefined) await form.getByLabel('Website').fill(record.website);
  if (record.notes !== undefined) await form.getByLabel('Notes').fill(record.notes);
  if (record.totp !== undefined) await form.getByLabel('TOTP secret').fill(record.totp);
}

/**
 * What the page's clipboard holds (the web host copies through the page, as a browser does).
 * Needs `context.grantPermissions(['clipboard-read', 'clipboard-write'])`.
 */
export async function pageClipboard(page: Page): Promise<string> {
  await page.bringToFront();
  return page.evaluate(() => navigator.clipboard.readText());
}

/** The "All items" list. */
export function itemList(page: Page) {
  return page.getByRole('list', { name: 'All items' });
}

/** The item list's entry (a button) for a title. */
export function listItem(page: Page, title: string) {
  return itemList(page).getByRole('button', { name: new RegExp(`^${escapeRegExp(title)}`) });
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Every regular file under a folder, recursively. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    const stat = statSync(full);
    if (stat.isDirectory()) out.push(...filesUnder(full));
    else if (stat.isFile()) out.push(full);
  }
  return out;
}

/**
 * Which of `secrets` occur in `haystack` in plain text (UTF-8, or UTF-16 as some stores use).
 * Returns "<secret> in <where>" lines, empty when none.
 */
export function plainTextHits(haystack: Buffer, where: string, secrets: readonly string[]): string[] {
  const hits: string[] = [];
  for (const secret of secrets) {
    if (haystack.includes(Buffer.from(secret, 'utf8')) || haystack.includes(Buffer.from(secret, 'utf16le'))) hits.push(`${secret} in ${where}`);
  }
  return hits;
}

export function fileHits(files: readonly string[], secrets: readonly string[]): string[] {
  return files.flatMap((file) => plainTextHits(readFileSync(file), file, secrets));
}
