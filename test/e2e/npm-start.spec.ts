import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './support/fixture';
import { NPM_START } from './support/launch';

/**
 * `npm start` on a machine without the Electron binary: the same app through the web host, with
 * the demo identity providers. It must print the URL and serve a working sign-in screen.
 */
test('npm start prints the URL and serves a working sign-in screen', async ({ page, launch }) => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'keyhaven-start-'));
  const app = await launch([...NPM_START, '--data-dir', dataDir], { env: { ...process.env, DISPLAY: '', WAYLAND_DISPLAY: '' }, timeout: 90_000 });
  expect(app.url).toMatch(/^http:\/\/localhost:\d+\/launch\?code=\S+$/);
  expect(app.stdout()).toContain('The Electron binary is not installed here');
  expect(app.stdout()).toContain('alice@oidc.demo.keyhaven.test');
  await page.goto(app.url);
  await expect(page.getByRole('heading', { name: 'Sign in to Keyhaven' })).toBeVisible();
  // The one-time code leaves the address bar as soon as it is exchanged.
  expect(page.url()).not.toContain('code=');
  // A contract round trip through the web host to the embedded backend and back.
  await page.getByLabel('Work email or SSO domain').fill('nobody@not-a-customer.test');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('alert')).toContainText('does not use Keyhaven with this email domain');
  const info = await page.evaluate(async () => window.keyhaven!.getAppInfo({}));
  expect(info).toMatchObject({ ok: true, value: { name: 'Keyhaven', host: 'web', demo: true } });
  await page.screenshot({ path: test.info().outputPath('npm-start-sign-in.png') });
});
