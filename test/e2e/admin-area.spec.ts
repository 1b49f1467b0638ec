import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import type { DemoTenantSpec } from '../../main/demo/demo-environment';
import { expect, test } from './support/fixture';
import { openAndSignIn, signInThroughIdp, storedSessionToken } from './support/keyhaven';
import { checkScreen, enrolTotp, expectStep } from './support/onboarding';
import { scimUser, signInElsewhere } from './support/sso';
import { expectVaultOpen } from './support/vault';

/**
 * An administrator of Engineering (signed in to the app by SSO) runs the rollout while Bob of
 * Engineering onboards in his own app: she watches the funnel move, deactivates Bob (his running
 * app is signed out), resets his second factor (he enrols again at his next sign-in), and can
 * neither see nor change Sam of Sales.
 */
const ENG = 'eng.admin-e2e.test';
const SALES = 'sales.admin-e2e.test';
const IT = 'it.admin-e2e.test';
const users = [
  { email: `erin@${IT}`, password: 'erin-admin-pw', name: 'Erin Admin' },
  { email: `bob@${ENG}`, password: 'bob-eng-pw', name: 'Bob Engineer' },
  { email: `sam@${SALES}`, password: 'sam-sales-pw', name: 'Sam Sales' },
] as const;
const [erin, bob, sam] = users;

const tenant: DemoTenantSpec = {
  tenant: 'Admin E2E',
  nodes: [
    {
      name: 'Acme',
      defaultRole: 'Employee',
      children: [{ name: 'Engineering', defaultRole: 'Engineer' }, { name: 'Sales' }, { name: 'IT', defaultRole: 'EngAdmin' }],
    },
  ],
  roles: [
    { name: 'Employee', policy: {} },
    // A short wizard: welcome, vault, authenticator app, finish.
    { name: 'Engineer', policy: { requireTwoFactor: true, twoFactorMethods: ['totp'], allowImport: false, promptBrowserExtension: false } },
    { name: 'EngAdmin', policy: { admin: { scope: 'Engineering', permissions: ['users', 'devices', 'audit', 'connections'] } } },
  ],
  connections: [
    { id: 'eng-oidc', type: 'oidc', node: 'Engineering', domains: [ENG], jit: true },
    { id: 'sales-oidc', type: 'oidc', node: 'Sales', domains: [SALES], jit: true },
    { id: 'it-oidc', type: 'oidc', node: 'IT', domains: [IT], jit: true },
  ],
  users,
};

const FUNNEL_STEPS = ['Provisioned', 'Signed in', 'Vault created', 'Onboarding finished', 'Second factor enrolled', 'Passwords imported'] as const;
type FunnelCounts = Record<(typeof FUNNEL_STEPS)[number], number>;

/** The funnel's numbers as the page shows them, each read from the list item its label names. */
async function funnelCounts(page: Page): Promise<FunnelCounts> {
  const funnel = page.getByRole('figure', { name: 'Rollout funnel, every node in your scope' });
  const counts = {} as FunnelCounts;
  for (const step of FUNNEL_STEPS) {
    const text = await funnel.getByRole('listitem').filter({ hasText: step }).innerText();
    const n = /([\d,]+)\s*\(\d+%\)/.exec(text)?.[1];
    if (n === undefined) throw new Error(`no count in the funnel step "${text}"`);
    counts[step] = Number(n.replace(/,/g, ''));
  }
  return counts;
}

/** The admin presses Refresh and waits for the funnel to show `expected`. */
async function expectFunnel(page: Page, expected: FunnelCounts): Promise<void> {
  await page.getByRole('region', { name: 'Rollout' }).getByRole('button', { name: 'Refresh' }).click();
  await expect.poll(() => funnelCounts(page)).toEqual(expected);
}

function section(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'Admin sections' }).getByRole('button', { name });
}

async function confirmAction(page: Page, title: string, confirm: string, done: string): Promise<void> {
  await page.getByRole('button', { name: confirm, exact: true }).click();
  await page.getByRole('dialog', { name: title }).getByRole('button', { name: confirm, exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: done })).toBeVisible();
}

test.use({ keyhavenOptions: { spec: tenant } });
// One long story (three people, two apps, five axe passes) on a machine shared by many test runs.
test.setTimeout(300_000);

test('an Engineering admin watches the funnel move as Bob onboards in his own app, deactivates him (his app is signed out), resets his second factor, and cannot reach Sales', async ({
  page,
  context,
  browser,
  keyhaven,
  secondApp,
}) => {
  await signInElsewhere(keyhaven, sam);
  const samId = (await scimUser(keyhaven, sam.email))?.id;
  expect(samId).toBeTruthy();

  await openAndSignIn(page, context, keyhaven, erin.email, erin.password);

  // The entry is there because the role grants administration; reached with the keyboard.
  const entry = page.getByRole('navigation', { name: 'Administration' }).getByRole('button', { name: 'Open admin area' });
  await entry.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Administration' })).toBeVisible();
  // Nobody of Engineering has signed in yet; Sam of Sales is not counted.
  const zero: FunnelCounts = { Provisioned: 0, 'Signed in': 0, 'Vault created': 0, 'Onboarding finished': 0, 'Second factor enrolled': 0, 'Passwords imported': 0 };
  await expect.poll(() => funnelCounts(page)).toEqual(zero);
  await expect(page.getByRole('table', { name: 'Rollout per node' }).getByRole('rowheader')).toHaveText(['Engineering']);
  await checkScreen(page, 'admin-rollout');

  // Bob's own computer: another installation of the app, another browser profile for the IdP.
  const bobApp = await secondApp();
  const bobContext = await browser.newContext();
  try {
    const bobPage = await bobContext.newPage();
    await openAndSignIn(bobPage, bobContext, bobApp, bob.email, bob.password);
    await expect(bobPage.getByRole('heading', { level: 1, name: `Welcome to Keyhaven, ${bob.email}` })).toBeVisible();

    // Signed in (provisioned just in time), no vault yet: counted, and listed as stuck there.
    await expectFunnel(page, { ...zero, Provisioned: 1, 'Signed in': 1 });
    const stuck = page.getByRole('table', { name: 'People who have not finished' });
    await expect(stuck.getByRole('row').filter({ hasText: bob.email })).toContainText('Create vault');

    await bobPage.getByRole('button', { name: 'Get started' }).click();
    await expectStep(bobPage, 'Create your vault', { n: 2, of: 4 });
    await bobPage.getByRole('button', { name: 'Create my vault' }).click();
    await expectStep(bobPage, 'Set up two-factor authentication', { n: 3, of: 4 });
    await enrolTotp(bobPage);
    await expectStep(bobPage, 'Your vault is ready', { n: 4, of: 4 });
    await bobPage.getByRole('button', { name: 'Open my vault' }).click();
    await expectVaultOpen(bobPage);

    await expectFunnel(page, { ...zero, Provisioned: 1, 'Signed in': 1, 'Vault created': 1, 'Onboarding finished': 1, 'Second factor enrolled': 1 });
    await expect(stuck.getByRole('row').filter({ hasText: bob.email })).toHaveCount(0);

    // People: Engineering only; searching for the Sales person finds nobody.
    await section(page, 'People').click();
    const table = page.getByRole('table', { name: 'People in your scope' });
    await expect(table.getByRole('button', { name: bob.email })).toBeVisible();
    await expect(table.getByText(sam.email)).toHaveCount(0);
    await checkScreen(page, 'admin-people');
    await page.getByLabel('Search people').fill('sam@');
    await expect(page.getByRole('navigation', { name: 'People pages' }).getByRole('status')).toHaveText('None');
    await page.getByLabel('Search people').fill('');

    await table.getByRole('button', { name: bob.email }).click();
    await expect(page.getByRole('heading', { level: 2, name: bob.email })).toBeVisible();
    await expect(page.getByRole('definition').filter({ hasText: 'totp' })).toBeVisible();
    await checkScreen(page, 'admin-person');

    // Deactivate Bob, confirmed with the keyboard: his running app hears of it over its push
    // connection and shows the sign-in screen saying why.
    await page.getByRole('button', { name: 'Deactivate' }).click();
    const dialog = page.getByRole('dialog', { name: 'Deactivate this person?' });
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await page.keyboard.press('Shift+Tab');
    await expect(dialog.getByRole('button', { name: 'Deactivate' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('status').filter({ hasText: 'Deactivated: every session has ended.' })).toBeVisible();
    await expect(bobPage.getByRole('heading', { name: 'Sign in to Keyhaven' })).toBeVisible();
    const alert = bobPage.getByRole('alert');
    await expect(alert).toHaveAttribute('data-code', 'user_deactivated');
    await expect(alert).toContainText('Your account was deactivated by your administrator');
    await expect(bobPage.getByRole('button', { name: 'New item' })).toHaveCount(0);

    // Reset his second factor, then let him back in.
    await confirmAction(page, 'Reset their second factor?', 'Reset second factor', 'Second factor reset: they set up a new one at their next sign-in.');
    await expect(page.getByRole('button', { name: 'Reset second factor' })).toBeDisabled();
    await expect(page.getByRole('definition').filter({ hasText: 'totp' })).toHaveCount(0);
    await confirmAction(page, 'Reactivate this person?', 'Reactivate', 'Reactivated.');
    await expect(page.getByRole('button', { name: 'Deactivate' })).toBeVisible();

    // His next sign-in (a new day's: the IdP asks for his password again) stops at the
    // second-factor step, which he cannot skip; with a new authenticator his vault opens.
    await bobContext.clearCookies({ domain: new URL(keyhaven.idps.oidcIssuer ?? '').hostname });
    await (await signInThroughIdp(bobPage, bobContext, bobApp, bob.email, bob.password)).close();
    await expect(bobPage.getByRole('heading', { level: 1, name: 'Set up two-factor authentication' })).toBeVisible();
    await expect(bobPage.getByRole('button', { name: 'Skip this step' })).toHaveCount(0);
    await expect(bobPage.getByRole('button', { name: 'New item' })).toHaveCount(0);
    await enrolTotp(bobPage);
    await expectVaultOpen(bobPage);
  } finally {
    await bobContext.close();
  }

  // Sam of Sales is out of reach on the server too, with Erin's own session: unknown, unchanged.
  const erinToken = await storedSessionToken(keyhaven);
  const asErin = (method: string, p: string) => fetch(`${keyhaven.backendUrl}${p}`, { method, headers: { authorization: `Bearer ${erinToken}` } });
  for (const [method, p] of [
    ['GET', `/v1/admin/users/${samId}`],
    ['POST', `/v1/admin/users/${samId}/deactivate`],
    ['POST', `/v1/admin/users/${samId}/reset-second-factor`],
  ] as const) {
    const res = await asErin(method, p);
    expect(res.status, `${method} ${p}`).toBe(404);
    expect(((await res.json()) as { error: string }).error).toBe('not_found');
  }
  const search = (await (await asErin('GET', `/v1/admin/users?q=${encodeURIComponent(sam.email)}&offset=0&limit=50`)).json()) as { total: number };
  expect(search.total).toBe(0);
  expect((await scimUser(keyhaven, sam.email))?.active).toBe(true);

  // The audit log names the admin who did it.
  await section(page, 'Audit log').click();
  await page.getByLabel('Event type').fill('user.deactivated');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  const audit = page.getByRole('table', { name: 'Audit events, newest first' });
  // The unfiltered page may still be shown for a moment: wait for the filtered one.
  await expect(audit.getByRole('row').filter({ hasText: bob.email })).toHaveCount(1);
  await expect(audit.getByRole('row').filter({ hasText: bob.email })).toContainText(`actor: ${erin.email}`);
  await checkScreen(page, 'admin-audit');
  // The same filter exports as CSV (through main, which holds the session).
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('keyhaven-audit.csv');
  const csv = readFileSync(await download.path(), 'utf8').trimEnd().split('\r\n');
  expect(csv[0]).toBe('seq,at,type,outcome,reason,user_id,user_email,email_tried,ip,connection_id,details');
  expect(csv).toHaveLength(2);
  expect(csv[1]).toContain(`user.deactivated,success,,`);
  expect(csv[1]).toContain(bob.email);

  // SSO connections: Engineering's only.
  await section(page, 'SSO connections').click();
  const connections = page.getByRole('table', { name: 'SSO connections' });
  await expect(connections.getByRole('rowheader', { name: 'eng-oidc' })).toBeVisible();
  await expect(connections.getByRole('row')).toHaveCount(2);
  // What is loaded, and what a restart would make of the file (the demo's lives in memory).
  await expect(page.getByRole('status').filter({ hasText: 'This configuration was not read from a file.' })).toBeVisible();
  await checkScreen(page, 'admin-connections');
});
