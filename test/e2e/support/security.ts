import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, type BrowserContext, type Page } from '@playwright/test';
import type { Keyhaven } from './keyhaven';
import { tenantPassword } from './onboarding';

/** Settings → My security, opened from the vault screen. */
export async function openMySecurity(page: Page) {
  const settings = page.getByRole('dialog', { name: 'Settings' });
  if (!(await settings.isVisible())) await page.getByRole('button', { name: 'Settings' }).click();
  const section = settings.getByRole('region', { name: 'My security' });
  await expect(section).toBeVisible();
  return section;
}

/**
 * A sign-in the app started while signed in (unlock by sso, re-authentication before an
 * export): plays the system browser on the IdP page it opened, with a fresh IdP login.
 */
export async function signInAgainAtIdp(page: Page, context: BrowserContext, keyhaven: Keyhaven, email: string, button: string): Promise<void> {
  const issuer = keyhaven.idps.oidcIssuer;
  if (issuer) await context.clearCookies({ domain: new URL(issuer).hostname });
  const before = keyhaven.host.openedUrls.length;
  await page.getByRole('button', { name: button }).click();
  await expect(page.getByRole('group', { name: 'Signing in again' })).toBeVisible();
  await expect.poll(() => keyhaven.host.openedUrls.length).toBeGreaterThan(before);
  const idp = await context.newPage();
  await idp.goto(keyhaven.host.openedUrls[keyhaven.host.openedUrls.length - 1]!);
  await idp.getByLabel('Email').fill(email);
  await idp.getByLabel('Password').fill(tenantPassword(email));
  await idp.getByRole('button', { name: /sign in/i }).click();
  await expect(idp.getByRole('heading', { name: 'You are signed in' })).toBeVisible();
  await idp.close();
}

/** The demo backend's own database (SQLite in the data folder), for what the server really stores. */
export function backendDatabase(keyhaven: Keyhaven, readonly = true): Database.Database {
  return new Database(path.join(keyhaven.dataDir, 'demo-backend.sqlite'), { readonly, fileMustExist: true });
}

/** Every stored record row, as the server holds it. */
export function storedRecords(keyhaven: Keyhaven): { id: string; envelope: string; revision: number }[] {
  const db = backendDatabase(keyhaven);
  try {
    return db.prepare('SELECT id, envelope, revision FROM vault_records ORDER BY id').all() as { id: string; envelope: string; revision: number }[];
  } finally {
    db.close();
  }
}
