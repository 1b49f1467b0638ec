import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * `npm start` on a machine without the Electron binary: the same app through the web host, with
 * the demo identity providers. It must print the URL and serve a working sign-in screen.
 */
test('npm start prints the URL and serves a working sign-in screen', async ({ page }) => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'keyhaven-start-'));
  const child: ChildProcess = spawn('npm', ['start', '--', '--data-dir', dataDir], {
    cwd: root,
    env: { ...process.env, DISPLAY: '', WAYLAND_DISPLAY: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', () => undefined);
  try {
    await expect.poll(() => /Keyhaven is running at (http:\/\/localhost:\d+\/launch\?code=\S+)/.exec(out)?.[1] ?? null, { timeout: 90_000 }).not.toBeNull();
    expect(out).toContain('The Electron binary is not installed here');
    expect(out).toContain('alice@oidc.demo.keyhaven.test');
    const url = /Keyhaven is running at (\S+)/.exec(out)![1]!;
    await page.goto(url);
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
  } finally {
    if (child.pid) process.kill(-child.pid, 'SIGTERM');
  }
});
