import { beforeAll, describe, expect, it } from 'vitest';
import { setUserActive } from '../../../main/backend/admin/admin-user-actions';
import type { AdminPrincipal } from '../../../main/backend/admin/admin-scope';
import { parseTenantConfig } from '../../../main/backend/config/parse-tenant-config';
import { openStore } from '../../../main/backend/store/open-store';
import { syncWebhookSubscriptions } from '../../../main/backend/webhooks/webhook-outbox';
import { useForwardingBackends } from '../../support/forwarding-backends';
import { postgresTarget, sqliteTarget } from '../../support/store-targets';
import { tenantYaml } from '../../support/tenant-yaml';
import { type TestBackend } from '../../support/test-backend';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver';

const SECRET = 'outbox-test-secret-0123456789abcdefghijk';


const hook = (url: string, events: string) => `webhooks:
  - id: siem
    url: ${url}
    events: ${events}
    secret: ${SECRET}
    retry: { initialSeconds: 1, maxSeconds: 2 }
`;

async function failedLookup(b: TestBackend, email: string): Promise<void> {
  expect((await b.api('GET', `/v1/sso/lookup?email=${encodeURIComponent(email)}`)).status).toBe(404);
}

async function auditIds(b: TestBackend): Promise<string[]> {
  const rows = await b.backend.store.kysely.selectFrom('audit_events').select('id').where('type', '=', 'sign_in.failed').orderBy('seq').execute();
  return rows.map((r) => r.id);
}

describe.each([sqliteTarget(), postgresTarget()])('the outbox is written only for subscribed events, on $name', (target) => {
  const backends = useForwardingBackends(target);
  const start = (db: string, webhooks: string, o: { subscriptionRefreshMs?: number } = {}) => backends.start(db, tenantYaml({ rest: webhooks }), o);
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = backends.closeAtEnd(await startWebhookReceiver(SECRET));
  });

  it('an audit event nobody subscribes to is one INSERT and no outbox row; a subscribed one is written with its row in one transaction', async () => {
    const db = await target.fresh();
    const statements: string[] = [];
    const store = await openStore(db, { onQuery: (s) => statements.push(s) });
    try {
      statements.length = 0;
      await store.audit.append({ type: 'user.deactivated', at: new Date(), details: { actor: 'test' } });
      expect(statements).toHaveLength(1);
      expect(statements[0]).toMatch(/^insert into "audit_events"/i);
      expect(await store.kysely.selectFrom('webhook_deliveries').select('event_id').execute()).toEqual([]);

      await syncWebhookSubscriptions(store.kysely, [{ id: 'siem', events: ['user.*'] }]);
      await store.outboxSubscribers.refresh();
      statements.length = 0;
      const other = await store.audit.append({ type: 'sign_in.failed', at: new Date(), reason: 'no_sso_for_domain' });
      expect(statements).toHaveLength(1);
      const wanted = await store.audit.append({ type: 'user.deactivated', at: new Date(), details: { actor: 'test' } });
      expect(statements.length).toBeGreaterThan(2);
      expect(statements.some((s) => /insert into "webhook_deliveries"/i.test(s))).toBe(true);
      const rows = await store.kysely.selectFrom('webhook_deliveries').select(['hook_id', 'event_id']).execute();
      expect(rows).toEqual([{ hook_id: 'siem', event_id: wanted.id }]);
      expect(rows.some((r) => r.event_id === other.id)).toBe(false);
    } finally {
      await store.close();
    }
  });

  it('an admin action audited in its own transaction sends no outbox statement while nobody subscribes; once one does, its row is written', async () => {
    const db = await target.fresh();
    const statements: string[] = [];
    const store = await openStore(db, { onQuery: (s) => statements.push(s) });
    const outboxInserts = () => statements.filter((s) => /insert into "webhook_deliveries"/i.test(s));
    try {
      const config = await parseTenantConfig(tenantYaml(), { fileName: 'test-tenant.yaml', baseDir: '.' });
      const principal: AdminPrincipal = { kind: 'token', actor: 'admin token', actorUserId: null, scope: null, nodes: null, permissions: new Set(['users']) };
      const admin = { store, config, principal, now: new Date() };
      const { user } = await store.users.insertIfAbsent({ id: 'u-pat', email: 'pat@acme.test', node: 'Acme Corp', role: 'Employee', connectionId: null, now: new Date() });

      statements.length = 0;
      await setUserActive(admin, user.id, false);
      expect(statements.some((s) => /update "users"/i.test(s))).toBe(true);
      expect(outboxInserts()).toEqual([]);
      expect(await store.kysely.selectFrom('webhook_deliveries').select('event_id').execute()).toEqual([]);

      await syncWebhookSubscriptions(store.kysely, [{ id: 'siem', events: ['user.*'] }]);
      await store.outboxSubscribers.refresh();
      statements.length = 0;
      await setUserActive(admin, user.id, true);
      expect(outboxInserts()).toHaveLength(1);
      const [activated] = await store.audit.listNewestFirst({ type: 'user.activated', limit: 1 });
      expect(await store.kysely.selectFrom('webhook_deliveries').select(['hook_id', 'event_id']).execute()).toEqual([{ hook_id: 'siem', event_id: activated?.id }]);
    } finally {
      await store.close();
    }
  });

  it('a backend without destinations writes no outbox row for a sign-in failure', async () => {
    const b = await start(await target.fresh(), '');
    await failedLookup(b, 'nobody@nowhere.test');
    expect(await auditIds(b)).toHaveLength(1);
    expect(await b.backend.store.kysely.selectFrom('webhook_deliveries').select('event_id').execute()).toEqual([]);
    await b.close();
  });

  it('with a subscriber every event is delivered exactly once; a destination another instance adds later is fed from then on', async () => {
    receiver.accepted.length = 0;
    const db = await target.fresh();
    // Started with a file without destinations: at first it queues nothing.
    const plain = await start(db, '', { subscriptionRefreshMs: 100 });
    await failedLookup(plain, 'before@nowhere.test');
    expect(await plain.backend.store.kysely.selectFrom('webhook_deliveries').select('event_id').execute()).toEqual([]);

    const forwarding = await start(db, hook(receiver.url, '[sign_in.*]'));
    await expect.poll(() => plain.backend.store.outboxSubscribers.wants('sign_in.failed'), { timeout: 10_000 }).toBe(true);
    expect(plain.backend.store.outboxSubscribers.wants('user.deactivated')).toBe(false);
    await failedLookup(plain, 'after-plain@nowhere.test');
    await failedLookup(forwarding, 'after-forwarding@nowhere.test');

    const ids = (await auditIds(forwarding)).slice(1);
    expect(ids).toHaveLength(2);
    await expect.poll(() => receiver.accepted.length, { timeout: 20_000 }).toBe(2);
    expect(receiver.accepted.map((d) => d.eventId).sort()).toEqual([...ids].sort());
    for (const id of ids) expect(receiver.acceptedCount(id)).toBe(1);
    await plain.close();
    await forwarding.close();
  });
});
