import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { demoPassword } from './support/keyhaven';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const alice = 'alice@oidc.demo.keyhaven.test';

/** This process's environment without any session bus: no Secret Service can be reached. */
function withoutSessionBus(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.DBUS_SESSION_BUS_ADDRESS;
  delete env.KEYHAVEN_TEST_KEYRING;
  delete env.GNOME_KEYRING_CONTROL;
  return env;
}

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
  const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return { child, output: () => out };
}

function stop(child: ChildProcess): void {
  if (child.pid) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
}

async function launchUrl(output: () => string, timeout: number): Promise<string> {
  await expect.poll(() => /Keyhaven is running at (http:\/\/localhost:\d+\/\S+)/.exec(output())?.[1] ?? null, { timeout }).not.toBeNull();
  return /Keyhaven is running at (http:\/\/localhost:\d+\/\S+)/.exec(output())![1]!;
}

async function continueAs(page: Page, email: string): Promise<void> {
  await page.getByLabel('Work email or SSO domain').fill(email);
  await page.getByRole('button', { name: 'Continue' }).click();
}

test('no Secret Service: sign-in stops before the identity provider with what to install (libsecret\'s "dbus-launch" failure recognised)', async ({ page }) => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'keyhaven-nokeyring-'));
  // A display but no session bus: GLib tries to autolaunch one with dbus-launch, which is not installed.
  const host = run(path.join(root, 'node_modules/.bin/tsx'), ['main/host/cli.ts', '--data-dir', dataDir], withoutSessionBus({ DISPLAY: ':97', WAYLAND_DISPLAY: '' }));
  try {
    await page.goto(await launchUrl(host.output, 90_000));
    await continueAs(page, alice);
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('The system keychain is not available');
    await expect(alert).toContainText('No Secret Service is running');
    await expect(alert).toContainText('sudo apt install gnome-keyring');
    await expect(alert).not.toContainText('Failed to execute child process');
    await expect(alert).toHaveAttribute('data-code', 'keychain_unavailable');
    // The IdP was never involved: no waiting screen, no sign-in address handed out.
    await expect(page.getByRole('heading', { name: 'Waiting for your browser' })).toHaveCount(0);
    expect(host.output()).not.toContain('Sign in at your identity provider');
  } finally {
    stop(host.child);
  }
});

test('npm start with no Secret Service: the demo runs on a private keyring of its own, says so, and signs in', async ({ page }) => {
  test.setTimeout(240_000);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'keyhaven-start-nokeyring-'));
  const app = run('npm', ['start', '--', '--data-dir', dataDir], withoutSessionBus({ DISPLAY: '', WAYLAND_DISPLAY: '' }));
  try {
    const url = await launchUrl(app.output, 180_000);
    expect(app.output()).toContain('the demo uses a private keyring of its own');
    expect(app.output()).toContain(path.join(dataDir, 'demo-keyring'));
    await page.goto(url);
    await continueAs(page, alice);
    await expect(page.getByRole('heading', { name: 'Waiting for your browser' })).toBeVisible();
    const idp = page.context().waitForEvent('page');
    await page.getByRole('link', { name: 'Open the sign-in page' }).click();
    const browser = await idp;
    await expect(browser.getByLabel('Email')).toHaveValue(alice);
    await browser.getByLabel('Password').fill(demoPassword(alice));
    await browser.getByRole('button', { name: /sign in/i }).click();
    await expect(browser.getByRole('heading', { name: 'You are signed in' })).toBeVisible();
    await expect(page.getByRole('heading', { name: `Welcome to Keyhaven, ${alice}` })).toBeVisible();
  } finally {
    stop(app.child);
  }
});
