import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './support/fixture';
import { WEB_HOST_CLI } from './support/launch';

/** The web host's command line as an administrator's machine runs it: with a machine-wide managed.json holding `content`. */
function withManagedFile(content: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'keyhaven-managed-'));
  const file = path.join(dir, 'managed.json');
  writeFileSync(file, content);
  return { file, command: [...WEB_HOST_CLI, '--data-dir', path.join(dir, 'data')], options: { env: { ...process.env, KEYHAVEN_MANAGED_CONFIG: file }, timeout: 60_000 } };
}

test('a broken managed configuration shows a banner naming the file and the problem, and the app still starts', async ({ page, launch }) => {
  const managed = withManagedFile('{ "backendUrl": "https://vault.acme.test", "launchAtStartup": "yes" }');
  const host = await launch(managed.command, managed.options);
  await page.goto(host.url);
  await expect(page.getByRole('heading', { name: 'Sign in to Keyhaven' })).toBeVisible();
  const banner = page.getByRole('status').filter({ hasText: 'could not be used' });
  await expect(banner).toContainText(managed.file);
  await expect(banner).toContainText('launchAtStartup');
  await expect(banner).toContainText('safe defaults');
  await page.screenshot({ path: test.info().outputPath('managed-config-banner.png') });
});

test('a managed SSO domain is filled in for the user, so signing in needs no typing', async ({ page, launch }) => {
  const managed = withManagedFile(JSON.stringify({ ssoDomain: 'oidc.demo.keyhaven.test', lockedSettings: ['launchAtStartup'] }));
  const host = await launch(managed.command, managed.options);
  await page.goto(host.url);
  await expect(page.getByLabel('Work email or SSO domain')).toHaveValue('oidc.demo.keyhaven.test');
  await expect(page.getByRole('status').filter({ hasText: 'could not be used' })).toHaveCount(0);
  // The domain alone is enough to reach the right identity provider.
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'Waiting for your browser' })).toBeVisible();
  await expect(page.getByText('OpenID Connect')).toBeVisible();
});
