import { beforeAll, describe, expect, it } from 'vitest';
import { useForwardingBackends } from '../../support/forwarding-backends';
import { postgresTarget, sqliteTarget } from '../../support/store-targets';
import { tenantYaml } from '../../support/tenant-yaml';
import { ADMIN_TOKEN, type TestBackend } from '../../support/test-backend';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver';

const SECRET = 'webhook-test-secret-0123456789abcdefghij';

function hookTenantYaml(url: string, o: { events?: string; timeoutSeconds?: number } = {}): string {
  return tenantYaml({
    rest: `rateLimits:
  signIn: { perIp: 100000 }
webhooks:
  - id: siem
    url: ${url}
    events: ${o.events ?? '[sign_in.*]'}
    secret: ${SECRET}
    timeoutSeconds: ${o.timeoutSeconds ?? 5}
    retry: { initialSeconds: 1, maxSeconds: 2 }
`,
  });
}

/** A failed lookup is audited (`sign_in.failed`) without anyone signing in: an event on demand. */
async function failedLookups(b: TestBackend, n: number, tag: string): Promise<void> {
  for (let i = 0; i < n; i += 1) {
    const res = await b.api('GET', `/v1/sso/lookup?email=${encodeURIComponent(`${tag}${i}@nowhere.test`)}`);
    expect(res.status).toBe(404);
  }
}

async function auditIds(b: TestBackend, type: string): Promise<string[]> {
  const res = await b.api('GET', `/v1/admin/events?type=${type}&limit=1000`, { token: ADMIN_TOKEN });
  expect(res.status).toBe(200);
  return (res.body.events as { id: string }[]).map((e) => e.id);
}

async function outboxRows(b: TestBackend): Promise<{ status: string; attempts: number }[]> {
  return b.backend.store.kysely.selectFrom('webhook_deliveries').select(['status', 'attempts']).execute();
}

describe.each([sqliteTarget(), postgresTarget()])('webhook delivery on $name', (target) => {
  const backends = useForwardingBackends(target);
  const start = (db: string, o: { events?: string; timeoutSeconds?: number } = {}) => backends.start(db, hookTenantYaml(receiver.url, o));
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = backends.closeAtEnd(await startWebhookReceiver(SECRET));
  });

  it('sends each subscribed event once, signed over timestamp and body, with the event id; other types are not sent', async () => {
    receiver.mode = { kind: 'ok' };
    receiver.accepted.length = 0;
    const b = await start(await target.fresh());
    await failedLookups(b, 3, 'once');
    const placed = await b.backend.store.users.insertIfAbsent({ id: 'u-pat', email: 'pat@acme.test', node: 'Acme Corp', role: 'Employee', connectionId: null, now: new Date() });
    expect((await b.api('POST', `/v1/admin/users/${placed.user.id}/deactivate`, { token: ADMIN_TOKEN })).status).toBe(200);

    const ids = await auditIds(b, 'sign_in.failed');
    expect(ids).toHaveLength(3);
    await expect.poll(() => receiver.accepted.length, { timeout: 20_000 }).toBe(3);
    expect(receiver.accepted.map((d) => d.eventId).sort()).toEqual([...ids].sort());
    for (const d of receiver.accepted) {
      expect(d.signature).toMatchObject({ ok: true });
      expect(d.event).toMatchObject({ id: d.eventId, type: 'sign_in.failed', reason: 'no_sso_for_domain', details: { stage: 'lookup' } });
      expect(d.attempt).toBe(1);
    }
    expect(receiver.requests.some((d) => d.eventType === 'user.deactivated')).toBe(false);
    await expect.poll(() => outboxRows(b), { timeout: 10_000 }).toEqual([
      { status: 'delivered', attempts: 1 },
      { status: 'delivered', attempts: 1 },
      { status: 'delivered', attempts: 1 },
    ]);
    await b.close();
  });

  it('keeps events while the receiver answers 500, retries with backoff, shows the failure per hook, and delivers everything once it recovers', async () => {
    receiver.mode = { kind: 'status', status: 500 };
    receiver.accepted.length = 0;
    receiver.requests.length = 0;
    const b = await start(await target.fresh());
    await failedLookups(b, 4, 'outage');
    await expect.poll(() => receiver.requests.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);

    const failing = await b.api('GET', '/v1/admin/webhooks', { token: ADMIN_TOKEN });
    expect(failing.status).toBe(200);
    expect(failing.body.webhooks).toHaveLength(1);
    expect(failing.body.webhooks[0]).toMatchObject({ id: 'siem', url: receiver.url, events: ['sign_in.*'], delivered: 0, pending: 4 });
    expect(failing.body.webhooks[0].failing).toBeGreaterThanOrEqual(1);
    expect(failing.body.webhooks[0].lastAttempt).toMatchObject({ status: 500, error: 'the receiver answered HTTP 500' });
    expect(failing.body.webhooks[0].recent.find((r: { attempts: number }) => r.attempts > 0)).toMatchObject({ status: 'pending', eventType: 'sign_in.failed', lastStatus: 500 });
    expect(JSON.stringify(failing.body)).not.toContain('outage0@nowhere.test');

    receiver.mode = { kind: 'ok' };
    await expect.poll(() => receiver.accepted.length, { timeout: 30_000 }).toBe(4);
    const ids = await auditIds(b, 'sign_in.failed');
    for (const id of ids) expect(receiver.acceptedCount(id)).toBe(1);
    expect(receiver.accepted.some((d) => d.attempt > 1)).toBe(true);
    await expect
      .poll(async () => (await b.api('GET', '/v1/admin/webhooks', { token: ADMIN_TOKEN })).body.webhooks[0], { timeout: 10_000 })
      .toMatchObject({ delivered: 4, pending: 0, failing: 0 });
    await b.close();
  });

  it('gives up on a receiver that hangs after the hook timeout, and retries it later', async () => {
    receiver.mode = { kind: 'hang' };
    receiver.accepted.length = 0;
    receiver.requests.length = 0;
    const b = await start(await target.fresh(), { timeoutSeconds: 1 });
    await failedLookups(b, 1, 'hang');
    await expect
      .poll(async () => (await b.api('GET', '/v1/admin/webhooks', { token: ADMIN_TOKEN })).body.webhooks[0].lastAttempt?.error, { timeout: 20_000 })
      .toBe('no answer within 1 s');
    receiver.mode = { kind: 'ok' };
    await expect.poll(() => receiver.accepted.length, { timeout: 20_000 }).toBe(1);
    // The receiver acknowledged; the row is marked right after the answer arrives.
    await expect.poll(async () => (await outboxRows(b))[0]?.status, { timeout: 10_000 }).toBe('delivered');
    await b.close();
  });

  it('across a restart: pending deliveries survive, and what was acknowledged is never sent again', async () => {
    receiver.mode = { kind: 'ok' };
    receiver.accepted.length = 0;
    receiver.requests.length = 0;
    const db = await target.fresh();
    const first = await start(db);
    await failedLookups(first, 3, 'before');
    await expect.poll(() => receiver.accepted.length, { timeout: 20_000 }).toBe(3);
    receiver.mode = { kind: 'status', status: 503 };
    await failedLookups(first, 3, 'during');
    await expect.poll(() => receiver.requests.length, { timeout: 20_000 }).toBeGreaterThan(3);
    await first.close();

    receiver.mode = { kind: 'ok' };
    const second = await start(db);
    await failedLookups(second, 2, 'after');
    await expect.poll(() => receiver.accepted.length, { timeout: 30_000 }).toBe(8);
    const ids = await auditIds(second, 'sign_in.failed');
    expect(ids).toHaveLength(8);
    for (const id of ids) expect(receiver.acceptedCount(id)).toBe(1);
    await second.close();
  });

  it('two instances on one database never send the same delivery twice', async () => {
    receiver.mode = { kind: 'ok' };
    receiver.accepted.length = 0;
    receiver.requests.length = 0;
    const db = await target.fresh();
    const a = await start(db);
    const b = await start(db);
    await Promise.all([failedLookups(a, 15, 'a'), failedLookups(b, 15, 'b')]);
    await expect.poll(() => receiver.accepted.length, { timeout: 30_000 }).toBe(30);
    const ids = await auditIds(a, 'sign_in.failed');
    expect(ids).toHaveLength(30);
    for (const id of ids) expect(receiver.acceptedCount(id)).toBe(1);
    expect(receiver.requests).toHaveLength(30);
    await a.close();
    await b.close();
  });

  it('writes the outbox row in the audit event transaction: a rolled-back event leaves no delivery', async () => {
    const b = await start(await target.fresh(), { events: "['*']" });
    await b.backend.store
      .transaction(async (r) => {
        await r.audit.append({ type: 'user.deactivated', at: new Date(), details: { actor: 'test' } });
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    expect(await b.backend.store.kysely.selectFrom('audit_events').select('id').where('type', '=', 'user.deactivated').execute()).toHaveLength(0);
    expect(await b.backend.store.kysely.selectFrom('webhook_deliveries').select('event_id').execute()).toHaveLength(0);
    const committed = await b.backend.store.audit.append({ type: 'user.deactivated', at: new Date(), details: { actor: 'test' } });
    expect(await b.backend.store.kysely.selectFrom('webhook_deliveries').select('event_id').execute()).toEqual([{ event_id: committed.id }]);
    await b.close();
  });
});
