import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { openAppWindow, sessionView } from './support/app-window';
import { expect, test } from './support/fixture';
import { storedSessionToken, type Keyhaven } from './support/keyhaven';
import { previewCounts } from './support/import';
import { QUIET_DOMAIN, RELAXED_DOMAIN, RELAXED_POLICY, checkScreen, onboardingTenant, signInAs } from './support/onboarding';
import { backendDatabase, openMySecurity, signInAgainAtIdp } from './support/security';
import { addRecord, expectVaultOpen, onboardWithoutMasterPassword } from './support/vault';

/** The Relaxed role may export (no master password: re-authentication is a new sign-in); Quiet may not. */
test.use({ keyhavenOptions: { spec: onboardingTenant({ relaxed: { ...RELAXED_POLICY, allowImport: true, allowExport: true } }) } });

const FILE_PASSWORD = 'export-file-password-9';
const RECORDS = [
  { title: 'Payroll portal', username: 'cat', password: 'Pw,with"quote-1', website: 'https://payroll.example' },
  { title: 'Team wiki', username: 'cat.w', password: 'Wiki-pw-2', notes: 'two\nlines' },
];

async function auditEvents(keyhaven: Keyhaven): Promise<{ type: string; reason: string | null; details: Record<string, string> }[]> {
  const res = await fetch(`${keyhaven.backendUrl}/v1/admin/events?limit=200`, { headers: { authorization: `Bearer ${keyhaven.adminToken}` } });
  const body = (await res.json()) as { events: { type: string; reason: string | null; details: Record<string, string> }[] };
  return body.events.filter((e) => e.type.startsWith('vault.export'));
}

async function exportAs(page: Page, format: 'json' | 'csv'): Promise<void> {
  const section = await openMySecurity(page);
  const form = section.getByRole('form', { name: 'Export your vault' });
  if (format === 'json') {
    await form.getByRole('radio', { name: /Encrypted file/ }).check();
    await form.getByLabel('File password', { exact: true }).fill(FILE_PASSWORD);
    await form.getByLabel('Confirm file password').fill(FILE_PASSWORD);
  } else {
    await form.getByRole('radio', { name: /Plain CSV/ }).check();
    await expect(form.getByRole('note')).toContainText('A CSV file is not encrypted.');
    const understood = form.getByRole('checkbox', { name: 'I understand the CSV file is not encrypted' });
    if (!(await understood.isChecked())) {
      await expect(form.getByRole('button', { name: 'Export' })).toBeDisabled();
      await understood.check();
    }
  }
  await form.getByRole('button', { name: 'Export' }).click();
}

test('exports an encrypted file that our importer reads back, and a CSV after a warning and a new sign-in; every export audited', async ({ page, context, keyhaven }) => {
  test.setTimeout(300_000);
  const email = `cat@${RELAXED_DOMAIN}`;
  await signInAs(page, context, keyhaven, email);
  await onboardWithoutMasterPassword(page, email);
  for (const r of RECORDS) await addRecord(page, r);

  const section = await openMySecurity(page);
  await expect(section.getByRole('region', { name: 'Export' })).toBeVisible();
  await checkScreen(page, 'export-encrypted');
  // Just signed in: that is the re-authentication.
  const jsonDownload = page.waitForEvent('download');
  await exportAs(page, 'json');
  const json = await jsonDownload;
  await expect(section.getByRole('status').filter({ hasText: 'Exported 2 items' })).toBeVisible();
  const jsonPath = await json.path();
  const jsonText = readFileSync(jsonPath, 'utf8');
  for (const r of RECORDS) {
    expect(jsonText).not.toContain(r.password);
    expect(jsonText).not.toContain(r.title);
  }

  // Ten minutes later (the session's start moved back): a new sign-in comes first.
  const db = backendDatabase(keyhaven, false);
  try {
    db.prepare('UPDATE sessions SET created_at = ?').run(new Date(Date.now() - 10 * 60_000).toISOString());
  } finally {
    db.close();
  }
  await exportAs(page, 'csv');
  await checkScreen(page, 'export-csv-warning');
  await expect(section.getByRole('alert')).toContainText('Confirm it’s you first');
  const before = await storedSessionToken(keyhaven);
  await signInAgainAtIdp(page, context, keyhaven, email, 'Sign in again to export');
  // The new session opens the vault by itself; Settings stays where it was.
  await expect(page.getByRole('group', { name: 'Signing in again' })).toHaveCount(0);
  await expect.poll(() => storedSessionToken(keyhaven)).not.toBe(before);
  const app = await openAppWindow(keyhaven);
  await expect.poll(async () => sessionView(app)).toMatchObject({ kind: 'signed-in', vaultUnlocked: true });
  const csvDownload = page.waitForEvent('download');
  await exportAs(page, 'csv');
  const csv = readFileSync(await (await csvDownload).path(), 'utf8');
  expect(csv.split('\r\n')[0]).toBe('type,title,username,password,urls,totp,notes,folder,favorite,fields');
  expect(csv).toContain('login,Payroll portal,cat,"Pw,with""quote-1",https://payroll.example,');
  expect(csv).toContain('"two\nlines"');

  const events = await auditEvents(keyhaven);
  expect(events.map((e) => [e.type, e.reason, e.details.format, e.details.items]).reverse()).toEqual([
    ['vault.exported', null, 'encrypted-json', '2'],
    ['vault.export_refused', 'reauthentication_required', 'csv', '2'],
    ['vault.exported', null, 'csv', '2'],
  ]);

  // The encrypted file round-trips through Keyhaven's own importer.
  await page.getByRole('dialog', { name: 'Settings' }).getByRole('button', { name: 'Close' }).click();
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByLabel('Choose an export file').setInputFiles(jsonPath);
  await expect(page.getByRole('alert')).toContainText('This file is protected by a password');
  await page.getByLabel('File password').fill('not the file password');
  await page.getByRole('button', { name: 'Preview file' }).click();
  await expect(page.getByRole('alert')).toContainText('Wrong password for this file');
  await page.getByLabel('File password').fill(FILE_PASSWORD);
  await page.getByRole('button', { name: 'Preview file' }).click();
  await expect(page.getByText('Detected format: Keyhaven export (encrypted JSON)')).toBeVisible({ timeout: 60_000 });
  expect(await previewCounts(page)).toMatchObject({ Logins: 2, 'Secure notes': 0, Problems: 0 });
});

test('a role without allowExport shows no export, and main and the backend refuse one', async ({ page, context, keyhaven }) => {
  const email = `dan@${QUIET_DOMAIN}`;
  await signInAs(page, context, keyhaven, email);
  await expectVaultOpenOrCreate(page);
  const section = await openMySecurity(page);
  await expect(section.getByRole('region', { name: 'Export' })).toHaveCount(0);
  const direct = await page.evaluate(() =>
    (window as unknown as { keyhaven: { exportVault(r: object): Promise<unknown> } }).keyhaven.exportVault({ format: 'csv', masterPassword: null, filePassword: null }),
  );
  expect(direct).toMatchObject({ ok: false, error: { code: 'export_not_allowed' } });
  const token = await storedSessionToken(keyhaven);
  const res = await fetch(`${keyhaven.backendUrl}/v1/vault/exports`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ format: 'csv', items: 0, reauth: 'sign_in' }),
  });
  expect(res.status).toBe(403);
  expect(await res.json()).toMatchObject({ error: 'export_not_allowed' });
  expect((await auditEvents(keyhaven)).map((e) => [e.type, e.reason])).toEqual([['vault.export_refused', 'export_not_allowed']]);
});

/** The Quiet role has no onboarding: only the vault the app creates. */
async function expectVaultOpenOrCreate(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Create my vault' }).click();
  await expectVaultOpen(page);
}
