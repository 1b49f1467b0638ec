import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import type { DemoTenantSpec } from '../../main/demo/demo-environment';
import { totpCode } from '../../main/vault/totp/totp';
import { authorizeInBrowser } from '../support/oidc-browser';
import { openApp, signInThroughIdp, startKeyhaven, type Keyhaven } from './support/keyhaven';
import { checkScreen } from './support/onboarding';

/**
 * An administrator of Engineering (signed in to the app by SSO) runs the rollout: sees the
 * funnel move, deactivates a person of Engineering, and never sees Sales.
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
    { name: 'Engineer', policy: {} },
    { name: 'EngAdmin', policy: { admin: { scope: 'Engineering', permissions: ['users', 'devices', 'audit', 'connections'] } } },
  ],
  connections: [
    { id: 'eng-oidc', type: 'oidc', node: 'Engineering', domains: [ENG], jit: true },
    { id: 'sales-oidc', type: 'oidc', node: 'Sales', domains: [SALES], jit: true },
    { id: 'it-oidc', type: 'oidc', node: 'IT', domains: [IT], jit: true },
  ],
  users,
};

const REDIRECT = 'http://127.0.0.1:53690/sso/oidc/callback';

/** Another person's own sign-in, straight against the backend (their app is not this page). */
async function signInElsewhere(keyhaven: Keyhaven, who: { email: string; password: string }): Promise<string> {
  const post = (path: string, body: unknown) =>
    fetch(`${keyhaven.backendUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());
  const started = (await post('/v1/sso/start', { email: who.email, redirectUri: REDIRECT })) as { transactionId: string; authorizationUrl: string };
  const callbackUrl = await authorizeInBrowser(started.authorizationUrl, REDIRECT, { login: who.email, password: who.password });
  const done = (await post('/v1/sso/complete', { transactionId: started.transactionId, callbackUrl })) as { session: string; deviceId: string };
  return done.session;
}

let keyhaven: Keyhaven;
test.beforeEach(async () => {
  keyhaven = await startKeyhaven({ spec: tenant });
});
test.afterEach(async () => {
  await keyhaven.close();
});

// One long story (several sign-ins, five axe passes) on a machine shared by many test runs.
test.setTimeout(300_000);

test('an Engineering admin signs in by SSO, watches the funnel, deactivates a person of Engineering and never sees Sales', async ({ page, context }) => {
  const bobSession = await signInElsewhere(keyhaven, bob);
  await signInElsewhere(keyhaven, sam);

  await openApp(page, keyhaven);
  const idp = await signInThroughIdp(page, context, keyhaven, erin.email, erin.password);
  await idp.close();

  // The entry is there because the role grants administration; reached with the keyboard.
  const entry = page.getByRole('navigation', { name: 'Administration' }).getByRole('button', { name: 'Open admin area' });
  await entry.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Administration' })).toBeVisible();

  const funnel = page.getByRole('figure', { name: 'Rollout funnel, every node in your scope' });
  await expect(funnel.getByRole('listitem').filter({ hasText: 'Provisioned' })).toContainText('1 (100%)');
  await expect(funnel.getByRole('listitem').filter({ hasText: 'Vault created' })).toContainText('0 (0%)');
  await expect(page.getByRole('row', { name: /^Sales/ })).toHaveCount(0);
  await checkScreen(page, 'admin-rollout');

  // Bob creates his vault in his own app: the funnel moves.
  const created = await fetch(`${keyhaven.backendUrl}/v1/vault`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bobSession}` },
    body: JSON.stringify({ deviceId: (await (await fetch(`${keyhaven.backendUrl}/v1/me`, { headers: { authorization: `Bearer ${bobSession}` } })).json()).deviceId, wrappedDataKey: 'd2Rr', publicKey: 'cHVi', wrappedPrivateKey: 'd3Br' }),
  });
  expect(created.status).toBe(201);
  await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('button', { name: 'People' }).click();
  await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('button', { name: 'Rollout' }).click();
  await expect(funnel.getByRole('listitem').filter({ hasText: 'Vault created' })).toContainText('1 (100%)');

  // People: Engineering only; searching for the Sales person finds nobody.
  await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('button', { name: 'People' }).click();
  const table = page.getByRole('table', { name: 'People in your scope' });
  await expect(table.getByRole('button', { name: bob.email })).toBeVisible();
  await expect(table.getByText(sam.email)).toHaveCount(0);
  await checkScreen(page, 'admin-people');
  await page.getByLabel('Search people').fill('sam@');
  await expect(page.getByRole('navigation', { name: 'People pages' }).getByRole('status')).toHaveText('None');
  await page.getByLabel('Search people').fill('');

  // Bob set up an authenticator app meanwhile; the admin resets it (he enrols again at his next sign-in).
  const backend = (method: string, p: string, body?: unknown) =>
    fetch(`${keyhaven.backendUrl}${p}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${bobSession}` }, body: JSON.stringify(body ?? {}) });
  const { secret } = (await (await backend('POST', '/v1/two-factor/totp/begin')).json()) as { secret: string };
  expect((await backend('POST', '/v1/two-factor/totp/confirm', { code: totpCode(secret, new Date()) })).status).toBe(200);
  await table.getByRole('button', { name: bob.email }).click();
  await expect(page.getByRole('heading', { level: 2, name: bob.email })).toBeVisible();
  await expect(page.getByRole('definition').filter({ hasText: 'totp' })).toBeVisible();
  await checkScreen(page, 'admin-person');
  await page.getByRole('button', { name: 'Reset second factor' }).click();
  await page.getByRole('dialog', { name: 'Reset their second factor?' }).getByRole('button', { name: 'Reset second factor' }).click();
  await expect(page.getByText('Second factor reset: they set up a new one at their next sign-in.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Reset second factor' })).toBeDisabled();
  const bobAgain = await signInElsewhere(keyhaven, bob);

  // Deactivate Bob, confirmed with the keyboard: his session ends on the server at once.
  await page.getByRole('button', { name: 'Deactivate' }).click();
  const dialog = page.getByRole('dialog', { name: 'Deactivate this person?' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(dialog.getByRole('button', { name: 'Deactivate' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByText('Deactivated: every session has ended.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Reactivate' })).toBeVisible();
  const me = await fetch(`${keyhaven.backendUrl}/v1/me`, { headers: { authorization: `Bearer ${bobAgain}` } });
  expect(me.status).toBe(401);

  // The audit log names the admin who did it.
  await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('button', { name: 'Audit log' }).click();
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
  await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('button', { name: 'SSO connections' }).click();
  const connections = page.getByRole('table', { name: 'SSO connections' });
  await expect(connections.getByRole('rowheader', { name: 'eng-oidc' })).toBeVisible();
  await expect(connections.getByRole('row')).toHaveCount(2);
  // What is loaded, and what a restart would make of the file (the demo's lives in memory).
  await expect(page.getByRole('status').filter({ hasText: 'This configuration was not read from a file.' })).toBeVisible();
  await checkScreen(page, 'admin-connections');
});
