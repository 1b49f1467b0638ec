import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadManagedConfig } from '../../main/platform/managed-config';
import { createLogger } from '../../main/log/logger';
import { expect, test } from './support/fixture';
import { storedSessionToken } from './support/keyhaven';
import { signInAndOnboard } from './support/vault';

const EMAIL = 'alice@oidc.demo.keyhaven.test';

/** The web host as an administrator's machine runs it: a managed.json, and the app log on disk. */
test.use({
  keyhavenOptions: async ({}, use) => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'keyhaven-settings-e2e-'));
    const managedFile = path.join(dataDir, 'managed.json');
    writeFileSync(managedFile, JSON.stringify({ startHidden: false, lockedSettings: ['clipboardClearSeconds'], updateChannel: 'beta' }));
    const managed = await loadManagedConfig({ platform: 'linux', env: { KEYHAVEN_MANAGED_CONFIG: managedFile }, readFile });
    const logDir = path.join(dataDir, 'logs');
    await use({ dataDir, managed, logDir, logger: createLogger({ level: 'info', destination: { write: () => true } as never, logFile: { dir: logDir } }) });
  },
});

test('Settings shows every managed key locked with its file, applies the theme, and saves diagnostics without secrets', async ({ page, context, keyhaven }) => {
  const managedFile = path.join(keyhaven.dataDir, 'managed.json');
  await signInAndOnboard(page, context, keyhaven, EMAIL);
  await page.getByRole('button', { name: 'Settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });

  // Every key of managed.json, each naming the file it came from; the retired key is reported, not applied.
  const managed = dialog.getByRole('region', { name: 'Set by your organisation' });
  await expect(managed.getByRole('term')).toHaveText(['Start hidden in the tray', 'Settings you cannot change']);
  await expect(managed.getByRole('definition').first()).toContainText(`Off — from ${managedFile}`);
  await expect(managed.getByRole('definition').nth(1)).toContainText('Clipboard clearing');
  await expect(managed).toContainText("'updateChannel' is no longer used");
  await expect(dialog.getByLabel('Clear clipboard after (seconds)')).toBeDisabled();
  await expect(dialog.getByLabel('Start hidden in the tray')).toBeDisabled();

  // The theme is applied to the whole app at once, and kept after a reload.
  const html = page.locator('html');
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await expect(html).toHaveAttribute('data-theme', 'system');
  // "Same as my system" follows the OS's colour scheme.
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await background()).toBe('rgb(15, 23, 42)');
  await page.emulateMedia({ colorScheme: 'light' });
  expect(await background()).toBe('rgb(248, 250, 252)');
  // A chosen theme wins over the OS.
  await page.emulateMedia({ colorScheme: 'dark' });
  await dialog.getByLabel('Theme').selectOption('dark');
  await expect(html).toHaveAttribute('data-theme', 'dark');
  expect(await background()).toBe('rgb(15, 23, 42)');
  await dialog.getByLabel('Theme').selectOption('light');
  await expect(html).toHaveAttribute('data-theme', 'light');
  expect(await background()).toBe('rgb(248, 250, 252)');
  await page.reload();
  await expect(html).toHaveAttribute('data-theme', 'light');

  // Save diagnostics: the web host hands the page a download.
  await page.getByRole('button', { name: 'Settings' }).click();
  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('dialog', { name: 'Settings' }).getByRole('button', { name: 'Save diagnostics…' }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^keyhaven-diagnostics-.*\.json$/);
  const text = readFileSync((await download.path())!, 'utf8');
  await expect(page.getByRole('dialog', { name: 'Settings' }).getByRole('status').filter({ hasText: 'Diagnostics' })).toContainText(`Diagnostics downloaded as ${download.suggestedFilename()}`);
  const bundle = JSON.parse(text) as { app: { version: string; host: string }; settings: Record<string, { value: unknown; source: string }>; log: string[] };
  expect(bundle.app.host).toBe('web');
  expect(bundle.settings.theme).toMatchObject({ value: 'light', source: 'user' });
  expect(bundle.settings.clipboardClearSeconds).toMatchObject({ source: 'default' });
  // The managed configuration's warning went to the app log on disk, and from there into the bundle.
  expect(readFileSync(path.join(keyhaven.dataDir, 'logs', 'keyhaven.log'), 'utf8')).toContain("'updateChannel' is no longer used");
  expect(bundle.log.join('\n')).toContain("'updateChannel' is no longer used");
  expect(text).not.toContain(await storedSessionToken(keyhaven));
  expect(text).not.toContain(keyhaven.adminToken);
  expect(text).not.toContain(new URL(keyhaven.host.transport.launchUrl).search.slice(1) || 'no query');
});
