import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { captureLogs, openApp, startKeyhaven } from './support/keyhaven';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The web host's address is printed and handed to Chromium on its command line, where every local
 * user can read it: what it carries must be worthless once used. It is a one-time code, exchanged
 * for an HttpOnly, SameSite=Strict cookie; nothing long-lived is ever printed, logged or in argv.
 */
test('a launch URL opens the app once: the page gets an HttpOnly SameSite=Strict cookie, a second use is refused', async ({ page, browser }) => {
  const logs = captureLogs();
  const keyhaven = await startKeyhaven({ logger: logs.logger });
  try {
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
  } finally {
    await keyhaven.close();
  }
});

test('the web host prints a URL a person can open, with a one-time code and no long-lived secret', async ({ page, browser }) => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'keyhaven-launch-'));
  const child: ChildProcess = spawn(path.join(root, 'node_modules/.bin/tsx'), [path.join(root, 'main/host/cli.ts'), '--data-dir', dataDir], {
    cwd: root,
    env: { ...process.env, DISPLAY: '', WAYLAND_DISPLAY: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  try {
    await expect.poll(() => /Keyhaven is running at (\S+)/.exec(out)?.[1] ?? null, { timeout: 90_000 }).not.toBeNull();
    const url = /Keyhaven is running at (\S+)/.exec(out)![1]!;
    expect(url).toMatch(/^http:\/\/localhost:\d+\/launch\?code=[\w-]{43}$/);
    await page.goto(url);
    await expect(page.getByRole('heading', { name: 'Sign in to Keyhaven' })).toBeVisible();
    const [cookie] = await page.context().cookies();
    expect(cookie?.httpOnly).toBe(true);
    // The window's secret was never printed.
    expect(out).not.toContain(cookie!.value);
    const again = await browser.newContext();
    try {
      expect((await (await again.newPage()).goto(url))?.status()).toBe(401);
    } finally {
      await again.close();
    }
  } finally {
    if (child.pid) process.kill(-child.pid, 'SIGTERM');
  }
});

test('the e2e support opens the app with a fresh code each time', async ({ page }) => {
  const keyhaven = await startKeyhaven();
  try {
    await openApp(page, keyhaven);
    await expect(page.getByRole('heading', { name: 'Sign in to Keyhaven' })).toBeVisible();
    await openApp(page, keyhaven);
    await expect(page.getByRole('heading', { name: 'Sign in to Keyhaven' })).toBeVisible();
  } finally {
    await keyhaven.close();
  }
});
