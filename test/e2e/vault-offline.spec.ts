import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { DEMO_TENANT, type DemoTenantSpec } from '../../main/demo/demo-environment';
import { expect, test } from './support/fixture';
import { openAndSignIn, openApp, type Keyhaven } from './support/keyhaven';
import { backendCall, checkScreen } from './support/onboarding';
import { addRecord, expectVaultOpen, fileHits, filesUnder, fillRecordForm, listItem, signInAndOnboard, skipToOpenVault } from './support/vault';

const EMAIL = 'alice@oidc.demo.keyhaven.test';
const PAYROLL = { title: 'Payroll Qx7', username: 'alice-pay-Qx7', password: 'Pw-Payroll#Qx7!' };
const WIKI = { title: 'Team wiki Qx7', username: 'alice-wiki-Qx7', password: 'Pw-Wiki#Qx7!' };
const OFFLINE_NEW = { title: 'Made offline Qx7', username: 'alice-off-Qx7', password: 'Pw-Offline#Qx7!' };
const WIKI_EDITED_TITLE = 'Team wiki Qx7 (edited offline)';

/** The demo tenant, with offline access for the Employee role (or not). */
function tenant(offlineAccess: boolean): DemoTenantSpec {
  return {
    ...DEMO_TENANT,
    roles: DEMO_TENANT.roles.map((r) => (r.name === 'Employee' ? { ...r, policy: { ...r.policy, offlineAccess, offlineAccessDays: 7 } } : r)),
  };
}

const connection = (page: Page) => page.getByRole('status', { name: 'Connection' });

/**
 * Onboarding where the role grants offline access: the master password is offered, not required;
 * the device key alone is chosen (the box stays unticked), every optional step skipped.
 */
async function signInAndOnboardOffered(page: Page, context: BrowserContext, keyhaven: Keyhaven): Promise<void> {
  await openAndSignIn(page, context, keyhaven, EMAIL);
  await page.getByRole('button', { name: 'Get started' }).click();
  await expect(page.getByRole('heading', { name: 'Create your vault' })).toBeVisible();
  await expect(page.getByRole('checkbox', { name: 'Also protect my vault with a master password' })).not.toBeChecked();
  await page.getByRole('button', { name: 'Create my vault' }).click();
  await skipToOpenVault(page);
}

// The fixture's host is the server (backend and IdPs); the app runs as a second installation
// against it, so the server can stop while the app keeps running on its own data folder.
test.describe('with offline access', () => {
  test.use({ keyhavenOptions: { spec: tenant(true) } });

  test('with offline access the vault opens without the server, keeps edits and syncs them when it is back', async ({ page, context, keyhaven: server, secondApp }) => {
    test.setTimeout(300_000);
    let app = await secondApp();
    await signInAndOnboardOffered(page, context, app);
    await addRecord(page, PAYROLL);
    await addRecord(page, WIKI);
    await expect(connection(page)).toHaveCount(0);

    await server.close();

    await test.step('reload: the running app notices and says so', async () => {
      await page.reload();
      await expectVaultOpen(page);
      await expect(connection(page)).toContainText('Offline — changes will sync');
    });

    await test.step('restart the app: the vault opens from its offline copy', async () => {
      app = await app.restart();
      await openApp(page, app);
      await expectVaultOpen(page);
      await expect(connection(page)).toContainText('Offline — changes will sync');
      await expect(listItem(page, PAYROLL.title)).toBeVisible();
      await expect(listItem(page, WIKI.title)).toBeVisible();
    });

    await test.step('add and edit an item offline', async () => {
      await addRecord(page, OFFLINE_NEW);
      await listItem(page, WIKI.title).click();
      await page.getByRole('region', { name: 'Item details' }).getByRole('button', { name: 'Edit' }).click();
      await fillRecordForm(page, { title: WIKI_EDITED_TITLE });
      await page.getByRole('button', { name: 'Save' }).click();
      await expect(page.getByRole('region', { name: 'Item details' }).getByRole('heading', { name: WIKI_EDITED_TITLE })).toBeVisible();
      await expect(connection(page)).toContainText('2 changes are waiting to be sent');
      await checkScreen(page, 'vault-offline');
      // Nothing of the vault is on disk in clear (the settings keep only the last email typed).
      expect(fileHits(filesUnder(app.dataDir), [PAYROLL.password, WIKI.password, OFFLINE_NEW.password, OFFLINE_NEW.title, WIKI_EDITED_TITLE])).toEqual([]);
    });

    await test.step('lock and unlock while offline', async () => {
      await page.getByRole('button', { name: 'Lock' }).click();
      await expect(page.getByRole('heading', { name: 'Unlock your vault' })).toBeVisible();
      await expect(connection(page)).toContainText('Offline — changes will sync');
      await page.getByRole('button', { name: 'Unlock' }).click();
      await expectVaultOpen(page);
      await expect(listItem(page, OFFLINE_NEW.title)).toBeVisible();
    });

    await test.step('the server comes back: the changes sync and the offline state clears', async () => {
      server = await server.restart();
      expect(server.backendUrl).toBe(app.backendUrl);
      await expect(connection(page)).toHaveCount(0, { timeout: 60_000 });
      await expect(listItem(page, OFFLINE_NEW.title)).toBeVisible();
      await expect(listItem(page, WIKI_EDITED_TITLE)).toBeVisible();
      const vault = await backendCall(app!, 'GET', '/v1/vault');
      const records = vault.body.records as { deleted: boolean }[];
      expect(records.filter((r) => !r.deleted)).toHaveLength(3);
    });

    await test.step('sign-out wipes the offline copy', async () => {
      const folder = path.join(app.dataDir, 'offline');
      // The copy is rewritten atomically after the sync (a temporary file renamed over it): one file once that settles.
      await expect.poll(() => readdirSync(folder)).toHaveLength(1);
      await page.getByRole('button', { name: 'Sign out' }).click();
      await expect(page.getByRole('heading', { name: 'Sign in to Keyhaven' })).toBeVisible();
      await expect.poll(() => readdirSync(folder)).toEqual([]);
    });
  });
});

test.describe('without offline access', () => {
  test.use({ keyhavenOptions: { spec: tenant(false) } });

  test('without offline access the app says it cannot reach the server instead', async ({ page, context, keyhaven: server, secondApp }) => {
    test.setTimeout(240_000);
    let app = await secondApp();
    await signInAndOnboard(page, context, app, EMAIL);
    await addRecord(page, PAYROLL);
    expect(existsSync(path.join(app.dataDir, 'offline')) ? readdirSync(path.join(app.dataDir, 'offline')) : []).toEqual([]);

    await server.close();
    app = await app.restart();
    await openApp(page, app);
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('Keyhaven cannot reach its server');
    await expect(alert).toContainText('does not keep an offline copy');
    await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();
    await expect(connection(page)).toHaveCount(0);
    await checkScreen(page, 'cannot-reach-server');
  });
});
