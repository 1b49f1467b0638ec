import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixture';
import { demoPassword } from './support/keyhaven';
import { NPM_START, WEB_HOST_CLI } from './support/launch';

const alice = 'alice@oidc.demo.keyhaven.test';

/** This process's environment without any session bus: no Secret Service can be reached. */
function withoutSessionBus(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.DBUS_SESSION_BUS_ADDRESS;
  delete env.KEYHAVEN_TEST_KEYRING;
  delete env.GNOME_KEYRING_CONTROL;
  return env;
}

async function continueAs(page: Page, email: string): Promise<void> {
  await page.getByLabel('Work email or SSO domain').fill(email);
  await page.getByRole('button', { name: 'Continue' }).click();
}

test('no Secret Service: sign-in stops before the identity provider with what to install (libsecret\'s "dbus-launch" failure recognised)', async ({ page, launch }) => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'keyhaven-nokeyring-'));
  // A display but no session bus: GLib tries to autolaunch one with dbus-launch, which is not installed.
  const host = await launch([...WEB_HOST_CLI, '--data-dir', dataDir], { env: withoutSessionBus({ DISPLAY: ':97', WAYLAND_DISPLAY: '' }), timeout: 90_000 });
  expect(host.url).toMatch(/^http:\/\/localhost:\d+\//);
  await page.goto(host.url);
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
});

test('npm start with no Secret Service: the demo runs on a private keyring of its own, says so, and signs in', async ({ page, launch }) => {
  test.setTimeout(240_000);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'keyhaven-start-nokeyring-'));
  const app = await launch([...NPM_START, '--data-dir', dataDir], { env: withoutSessionBus({ DISPLAY: '', WAYLAND_DISPLAY: '' }), timeout: 180_000 });
  expect(app.url).toMatch(/^http:\/\/localhost:\d+\//);
  expect(app.output()).toContain('the demo uses a private keyring of its own');
  expect(app.output()).toContain(path.join(dataDir, 'demo-keyring'));
  await page.goto(app.url);
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
});
