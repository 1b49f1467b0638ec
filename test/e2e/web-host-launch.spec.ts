import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './support/fixture';
import { captureLogs, openApp } from './support/keyhaven';
import { WEB_HOST_CLI } from './support/launch';

/**
 * The web host's address is printed and handed to Chromium on its command line, where every local
 * user can read it: what it carries must be worthless once used. It is a one-time code, exchanged
 * for an HttpOnly, SameSite=Strict cookie; nothing long-lived is ever printed, logged or in argv.
 */
test.describe('with its log captured', () => {
  const logs = captureLogs();
  test.use({ keyhavenOptions: { logger: logs.logger } });

  test('a launch URL opens the app once: the page gets an HttpOnly SameSite=Strict cookie, a second use is refused', async ({ page, browser, keyhaven }) => {
    const launchUrl = keyhaven.host.transport.launchUrl;
    await page.goto(launchUrl);
    await expect(page.getByRole('heading', { name: 'Sign in to Keyhaven' })).toBeVisible();
    expect(page.url()).toBe(keyhaven.host.transport.url);
    const cookies = await page.context().cookies();
    expect(cookies).toHaveLength(1);
    const cookie = cookies[0]!;
    expect(cookie).toMatchObject({ name: `keyhaven-${keyhaven.host.transport.port}`, httpOnly: true, sameSite: 'Strict', path: '/' });
    // Scripts cannot read it, and the code is not the credential.
    expect(await page.evaluate(() => document.cookie)).toBe('');
    expect(cookie.value).not.toBe(new URL(launchUrl).searchParams.get('code'));
    const info = await page.evaluate(async () => window.keyhaven!.getAppInfo({}));
    expect(info).toMatchObject({ ok: true, value: { name: 'Keyhaven', host: 'web' } });

    // Someone who read the URL afterwards (terminal scrollback, /proc/<pid>/cmdline) gets nothing.
    const other = await browser.newContext();
    try {
      const late = await other.newPage();
      const res = await late.goto(launchUrl);
      expect(res?.status()).toBe(401);
      await expect(late.getByRole('heading', { name: 'This Keyhaven link was already used' })).toBeVisible();
      expect(await other.cookies()).toEqual([]);
      const origin = keyhaven.host.transport.url.replace(/\/$/, '');
      const rpc = await fetch(`${origin}/rpc/getAppInfo`, { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: '{}' });
      expect(rpc.status).toBe(401);
    } finally {
      await other.close();
    }
    // A reload keeps working on the cookie alone.
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Sign in to Keyhaven' })).toBeVisible();
    expect(logs.lines.join('')).not.toContain(cookie.value);
  });
});

test('the web host prints a URL a person can open, with a one-time code and no long-lived secret', async ({ page, browser, launch }) => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'keyhaven-launch-'));
  const host = await launch([...WEB_HOST_CLI, '--data-dir', dataDir], { env: { ...process.env, DISPLAY: '', WAYLAND_DISPLAY: '' }, timeout: 90_000 });
  expect(host.url).toMatch(/^http:\/\/localhost:\d+\/launch\?code=[\w-]{43}$/);
  await page.goto(host.url);
  await expect(page.getByRole('heading', { name: 'Sign in to Keyhaven' })).toBeVisible();
  const [cookie] = await page.context().cookies();
  expect(cookie?.httpOnly).toBe(true);
  // The window's secret was never printed.
  expect(host.output()).not.toContain(cookie!.value);
  const again = await browser.newContext();
  try {
    expect((await (await again.newPage()).goto(host.url))?.status()).toBe(401);
  } finally {
    await again.close();
  }
});

test('the e2e support opens the app with a fresh code each time', async ({ page, keyhaven }) => {
  await openApp(page, keyhaven);
  await expect(page.getByRole('heading', { name: 'Sign in to Keyhaven' })).toBeVisible();
  await openApp(page, keyhaven);
  await expect(page.getByRole('heading', { name: 'Sign in to Keyhaven' })).toBeVisible();
});
