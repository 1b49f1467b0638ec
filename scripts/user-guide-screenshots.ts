/**
 * Makes the README user guide's screenshots: the vault, Settings → My security and the lock
 * screen, through the web host in Debian's Chromium with the demo tenant (the same path the
 * end-to-end tests take). Rerun after `node scripts/build.mjs` with:
 *
 *   scripts/with-keyring.sh node_modules/.bin/tsx scripts/user-guide-screenshots.ts
 *
 * It writes docs/images/vault.png, docs/images/my-security.png and docs/images/lock-screen.png.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { startKeyhaven } from '../test/e2e/support/keyhaven';
import { addRecord, signInAndOnboard } from '../test/e2e/support/vault';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const images = path.join(root, 'docs/images');
const EMAIL = 'alice@oidc.demo.keyhaven.test';

const keyhaven = await startKeyhaven();
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await signInAndOnboard(page, context, keyhaven, EMAIL);
  await addRecord(page, { title: 'Payroll portal', username: 'alice', password: 'c0rrect-Horse-42', website: 'https://payroll.example.com', notes: 'Payslips on the 25th.' });
  await addRecord(page, { title: 'Team wiki', username: 'alice.w', password: 'W1ki-Pa55-word', website: 'https://wiki.example.com' });
  await addRecord(page, { title: 'VPN', username: 'alice', password: 'Vpn-Secret-7', totp: 'JBSWY3DPEHPK3PXP' });
  await page.screenshot({ path: path.join(images, 'vault.png') });

  await page.getByRole('button', { name: 'Settings' }).click();
  const section = page.getByRole('dialog', { name: 'Settings' }).getByRole('region', { name: 'My security' });
  await section.scrollIntoViewIfNeeded();
  await section.getByRole('list', { name: 'Your sessions' }).waitFor();
  await section.screenshot({ path: path.join(images, 'my-security.png') });
  await page.getByRole('dialog', { name: 'Settings' }).getByRole('button', { name: 'Close' }).click();

  await page.getByRole('button', { name: 'Lock' }).click();
  await page.getByRole('heading', { name: 'Unlock your vault' }).waitFor();
  await page.screenshot({ path: path.join(images, 'lock-screen.png') });
  console.log(`screenshots written to ${path.relative(root, images)}/`);
} finally {
  await browser.close();
  await keyhaven.close();
}
