import type { DemoTenantSpec } from '../../main/demo/demo-environment';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';
import { expect, test as base } from './support/fixture';
import { openAndSignIn, type Keyhaven } from './support/keyhaven';
import { checkScreen } from './support/onboarding';
import { signInElsewhere } from './support/sso';

/**
 * Event forwarding end to end: a receiver (checking signatures as the README says) gets every
 * audit event exactly once, through an outage of the receiver and a restart of the backend; the
 * admin area shows the failing hook meanwhile.
 */
const ENG = 'eng.webhooks-e2e.test';
const IT = 'it.webhooks-e2e.test';
const SECRET = 'e2e-webhook-secret-0123456789abcdefghijkl';
const erin = { email: `erin@${IT}`, password: 'erin-admin-pw', name: 'Erin Admin' };
const bob = { email: `bob@${ENG}`, password: 'bob-eng-pw', name: 'Bob Engineer' };

function tenant(receiverUrl: string): DemoTenantSpec {
  return {
    tenant: 'Webhooks E2E',
    nodes: [{ name: 'Acme', defaultRole: 'Employee', children: [{ name: 'Engineering', defaultRole: 'Engineer' }, { name: 'IT', defaultRole: 'EngAdmin' }] }],
    roles: [
      { name: 'Employee', policy: {} },
      { name: 'Engineer', policy: {} },
      { name: 'EngAdmin', policy: { admin: { scope: 'Engineering', permissions: ['users', 'audit'] } } },
    ],
    connections: [
      { id: 'eng-oidc', type: 'oidc', node: 'Engineering', domains: [ENG], jit: true },
      { id: 'it-oidc', type: 'oidc', node: 'IT', domains: [IT], jit: true },
    ],
    users: [erin, bob],
    webhooks: [{ id: 'siem', url: receiverUrl, events: ['*'], secret: SECRET, timeoutSeconds: 2, retry: { initialSeconds: 1, maxSeconds: 2 } }],
  };
}

/** Every audit event id (the admin token sees every node). */
async function auditEventIds(keyhaven: Keyhaven): Promise<string[]> {
  const res = await fetch(`${keyhaven.backendUrl}/v1/admin/events?limit=1000`, { headers: { authorization: `Bearer ${keyhaven.adminToken}` } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { events: { id: string }[] }).events.map((e) => e.id);
}

/** The receiver is up before the host, whose tenant forwards to it; it stops after the host. */
const test = base.extend<{ receiver: WebhookReceiver }>({
  receiver: async ({}, use) => {
    const receiver = await startWebhookReceiver(SECRET);
    await use(receiver);
    await receiver.close();
  },
  keyhavenOptions: async ({ receiver }, use) => {
    await use({ spec: tenant(receiver.url) });
  },
});

test.setTimeout(240_000);

test('a webhook receiver gets every audit event exactly once through its own outage and a backend restart', async ({ page, context, keyhaven, receiver }) => {
  await signInElsewhere(keyhaven, bob);
  await openAndSignIn(page, context, keyhaven, erin.email, erin.password);
  await expect.poll(() => receiver.accepted.length, { timeout: 30_000 }).toBeGreaterThan(0);

  const entry = page.getByRole('navigation', { name: 'Administration' }).getByRole('button', { name: 'Open admin area' });
  await entry.click();
  await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('button', { name: 'Event forwarding' }).click();
  const hooks = page.getByRole('table', { name: 'Webhooks' });
  const siem = hooks.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'siem' }) });
  await expect(siem).toContainText(receiver.url);

  // The receiver goes down: new events wait in the outbox, the admin area says what failed.
  receiver.mode = { kind: 'status', status: 500 };
  await signInElsewhere(keyhaven, bob);
  await expect
    .poll(
      async () => {
        await page.getByRole('button', { name: 'Refresh' }).click();
        return siem.textContent();
      },
      { timeout: 30_000 },
    )
    .toContain('the receiver answered HTTP 500');
  await expect(page.getByRole('table', { name: 'Latest deliveries to siem' }).getByRole('row').filter({ hasText: 'retrying' }).first()).toBeVisible();
  await checkScreen(page, 'admin-webhooks');
  const waitingBeforeRestart = (await auditEventIds(keyhaven)).filter((id) => receiver.acceptedCount(id) === 0);
  expect(waitingBeforeRestart.length).toBeGreaterThan(0);

  // The backend restarts (same database) and the receiver recovers: the backlog arrives, once.
  await page.close();
  keyhaven = await keyhaven.restart();
  receiver.mode = { kind: 'ok' };
  await signInElsewhere(keyhaven, bob);
  await expect
    .poll(
      async () => {
        const ids = await auditEventIds(keyhaven);
        return ids.filter((id) => receiver.acceptedCount(id) !== 1).length === 0 && receiver.accepted.length === ids.length;
      },
      { timeout: 60_000 },
    )
    .toBe(true);
  for (const d of receiver.accepted) expect(d.signature).toMatchObject({ ok: true });
  for (const id of waitingBeforeRestart) expect(receiver.acceptedCount(id)).toBe(1);
  const status = await fetch(`${keyhaven.backendUrl}/v1/admin/webhooks`, { headers: { authorization: `Bearer ${keyhaven.adminToken}` } });
  expect(((await status.json()) as { webhooks: { pending: number }[] }).webhooks[0]?.pending).toBe(0);
});
