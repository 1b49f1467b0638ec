import type { Page } from '@playwright/test';
import type { DemoTenantSpec } from '../../main/demo/demo-environment';
import type { ManagedConfigResult } from '../../main/platform/managed-config';
import { askForApproval } from './support/devices';
import { expect, test } from './support/fixture';
import { openAndSignIn } from './support/keyhaven';
import { checkScreen } from './support/onboarding';
import { addRecord, expectVaultOpen, listItem, signInAndOnboard } from './support/vault';

/**
 * Account recovery end to end: an administrator sets up the organisation's recovery key in
 * Approvals, a person's vault is sealed to it on a computer whose managed.json pins its
 * fingerprint, and when that person's only computer is gone the administrator approves their
 * new one by picking the phrase they read out. A computer pinning another fingerprint refuses
 * the key and makes no vault.
 */
const STAFF = 'staff.recovery-e2e.test';
const IT = 'it.recovery-e2e.test';
const erin = { email: `erin@${IT}`, password: 'erin-recovery-pw', name: 'Erin Admin' };
const alice = { email: `alice@${STAFF}`, password: 'alice-recovery-pw', name: 'Alice Staff' };
const bob = { email: `bob@${STAFF}`, password: 'bob-recovery-pw', name: 'Bob Staff' };
const RECORD = { title: 'Payroll portal Rk8', username: 'alice-payroll-Rk8', password: 'Pw-Payroll#8kR!' };

const tenant: DemoTenantSpec = {
  tenant: 'Recovery E2E',
  nodes: [{ name: 'Acme', defaultRole: 'Employee', children: [{ name: 'IT', defaultRole: 'Approver' }] }],
  roles: [
    { name: 'Employee', policy: { accountRecovery: true } },
    { name: 'Approver', policy: { accountRecovery: true, admin: { scope: 'Acme', permissions: ['users', 'devices'] } } },
  ],
  connections: [
    { id: 'staff-oidc', type: 'oidc', node: 'Acme', domains: [STAFF], jit: true },
    { id: 'it-oidc', type: 'oidc', node: 'IT', domains: [IT], jit: true },
  ],
  users: [erin, alice, bob],
};

const pinning = (fingerprint: string): ManagedConfigResult => ({ kind: 'ok', file: 'managed.json', files: ['managed.json'], config: { recoveryKeyFingerprint: fingerprint } });

async function openApprovals(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('button', { name: 'Open admin area' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Administration' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('button', { name: 'Approvals' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Approvals' })).toBeVisible();
}

test.use({ keyhavenOptions: { spec: tenant } });
// Four installations and two administrators' screens on a machine shared by many test runs.
test.setTimeout(540_000);

test('an administrator approves a new computer with the pinned recovery key; a computer pinning another key refuses it and makes no vault', async ({ page, context, browser, keyhaven: admin, secondApp }) => {
  let fingerprint = '';
  await test.step('the first administrator sets up account recovery on her computer', async () => {
    await signInAndOnboard(page, context, admin, erin.email, erin.password);
    await openApprovals(page);
    await page.getByRole('button', { name: 'Set up account recovery' }).click();
    const shown = page.getByLabel('Recovery key fingerprint');
    await expect(shown).toHaveText(/^([0-9a-f]{4} ){15}[0-9a-f]{4}$/);
    fingerprint = ((await shown.textContent()) ?? '').replace(/ /g, '');
    await expect(page.getByRole('row', { name: new RegExp(`${erin.email} \\(you\\)`) })).toContainText('holds it');
    await checkScreen(page, 'admin-approvals-set-up');
  });

  const laptop = await secondApp({ managed: pinning(fingerprint) });
  await test.step('alice makes her vault on a computer pinning that fingerprint, and keeps a record', async () => {
    const contextL = await browser.newContext();
    const pageL = await contextL.newPage();
    await signInAndOnboard(pageL, contextL, laptop, alice.email, alice.password);
    await addRecord(pageL, RECORD);
    await contextL.close();
  });
  // Her laptop is gone for good.
  await laptop.close();

  const replacement = await secondApp({ managed: pinning(fingerprint) });
  const contextR = await browser.newContext();
  const pageR = await contextR.newPage();
  let phrase = '';
  await test.step('on her new computer she asks for approval; it says her administrator can approve too', async () => {
    await openAndSignIn(pageR, contextR, replacement, alice.email, alice.password);
    await expect(pageR.getByRole('heading', { name: 'Approve from another device' })).toBeVisible();
    phrase = await askForApproval(pageR);
    await expect(pageR.getByRole('note').filter({ hasText: 'Your administrator can also approve this device' })).toBeVisible();
  });

  await test.step('the administrator sees the request in Approvals, picks the phrase alice reads out and approves', async () => {
    await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('button', { name: 'Approvals' }).click();
    const request = page.getByRole('article', { name: `Request of ${alice.email}` });
    await expect(request).toBeVisible({ timeout: 15_000 });
    await expect(request).toContainText('(Linux)');
    await expect(request.getByRole('radio')).toHaveCount(4);
    await checkScreen(page, 'admin-approvals-request');
    await request.getByRole('radio', { name: phrase }).check();
    await request.getByRole('button', { name: 'Approve' }).click();
    await expect(page.getByRole('status').filter({ hasText: `${alice.email}: Approved` })).toBeVisible();
  });

  await test.step('the new computer opens the same records', async () => {
    await expectVaultOpen(pageR);
    await expect(listItem(pageR, RECORD.title)).toBeVisible();
  });

  await test.step('the audit log names both people', async () => {
    const res = await fetch(`${admin.backendUrl}/v1/admin/events?type=device.approved_by_admin`, { headers: { authorization: `Bearer ${admin.adminToken}` } });
    const events = ((await res.json()) as { events: { details: Record<string, string> }[] }).events;
    expect(events[0]?.details).toMatchObject({ actor: erin.email, user: alice.email });
  });

  await contextR.close();
  await test.step('a computer whose managed.json pins another fingerprint refuses the key: no vault is made', async () => {
    const swapped = fingerprint.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    const other = await secondApp({ managed: pinning(swapped) });
    const contextB = await browser.newContext();
    const pageB = await contextB.newPage();
    await openAndSignIn(pageB, contextB, other, bob.email, bob.password);
    await pageB.getByRole('button', { name: 'Get started' }).click();
    await pageB.getByRole('button', { name: 'Create my vault' }).click();
    const alert = pageB.getByRole('alert').filter({ hasText: 'recovery key' });
    await expect(alert).toHaveAttribute('data-code', 'recovery_key_mismatch');
    const me = await fetch(`${admin.backendUrl}/v1/admin/users?q=${encodeURIComponent(bob.email)}`, { headers: { authorization: `Bearer ${admin.adminToken}` } });
    const users = ((await me.json()) as { users: { email: string; stage: string }[] }).users;
    expect(users.find((u) => u.email === bob.email)?.stage).toBe('vault');
    await contextB.close();
  });
});
