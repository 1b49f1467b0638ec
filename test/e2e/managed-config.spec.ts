import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The web host started as an administrator's machine would: with a machine-wide managed.json. */
async function startWithManagedFile(content: string): Promise<{ url: string; file: string; stop: () => void }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'keyhaven-managed-'));
  const file = path.join(dir, 'managed.json');
  writeFileSync(file, content);
  const child: ChildProcess = spawn(path.join(root, 'node_modules/.bin/tsx'), [path.join(root, 'main/host/cli.ts'), '--data-dir', path.join(dir, 'data')], {
    cwd: root,
    env: { ...process.env, KEYHAVEN_MANAGED_CONFIG: file },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', () => undefined);
  await expect.poll(() => /Keyhaven is running at (\S+)/.exec(out)?.[1] ?? null, { timeout: 60_000 }).not.toBeNull();
  return { url: /Keyhaven is running at (\S+)/.exec(out)![1]!, file, stop: () => child.pid && process.kill(-child.pid, 'SIGTERM') };
}

test('a broken managed configuration shows a banner naming the file and the problem, and the app still starts', async ({ page }) => {
  const host = await startWithManagedFile('{ "backendUrl": "https://vault.acme.test", "launchAtStartup": "yes" }');
  try {
    await page.goto(host.url);
    await expect(page.getByRole('heading', { name: 'Sign in to Keyhaven' })).toBeVisible();
    const banner = page.getByRole('status').filter({ hasText: 'could not be used' });
    await expect(banner).toContainText(host.file);
    await expect(banner).toContainText('launchAtStartup');
    await expect(banner).toContainText('safe defaults');
    await page.screenshot({ path: test.info().outputPath('managed-config-banner.png') });
  } finally {
    host.stop();
  }
});

test('a managed SSO domain is filled in for the user, so signing in needs no typing', async ({ page }) => {
  const host = await startWithManagedFile(JSON.stringify({ ssoDomain: 'oidc.demo.keyhaven.test', lockedSettings: ['launchAtStartup'] }));
  try {
    await page.goto(host.url);
    await expect(page.getByLabel('Work email or SSO domain')).toHaveValue('oidc.demo.keyhaven.test');
    await expect(page.getByRole('status').filter({ hasText: 'could not be used' })).toHaveCount(0);
    // The domain alone is enough to reach the right identity provider.
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByRole('heading', { name: 'Waiting for your browser' })).toBeVisible();
    await expect(page.getByText('OpenID Connect')).toBeVisible();
  } finally {
    host.stop();
  }
});
