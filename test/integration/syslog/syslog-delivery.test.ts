import { beforeAll, describe, expect, it } from 'vitest';
import { hostname } from 'node:os';
import { useForwardingBackends } from '../../support/forwarding-backends';
import { postgresTarget, sqliteTarget } from '../../support/store-targets';
import { parseRfc5424, startSyslogReceiver, type SyslogReceiver } from '../../support/syslog-receiver';
import { tenantYaml } from '../../support/tenant-yaml';
import { ADMIN_TOKEN, type TestBackend } from '../../support/test-backend';
import { createTestCertificateAuthority, type TestCertificateAuthority } from '../../support/tls-certificates';

const indentPem = (pem: string) => pem.trim().replace(/^/gm, '      ');

const syslogTenantYaml = (destinations: string) => tenantYaml({ rest: `rateLimits:\n  signIn: { perIp: 100000 }\nsyslog:\n${destinations}` });

const tcp = (id: string, port: number, events = '[sign_in.*]') => `  - { id: ${id}, host: 127.0.0.1, port: ${port}, transport: tcp, events: ${events}, facility: local4, timeoutSeconds: 2, retry: { initialSeconds: 1, maxSeconds: 1 } }\n`;
const tls = (id: string, host: string, port: number, ca: string | null) =>
  `  - id: ${id}\n    host: ${host}\n    port: ${port}\n    transport: tls\n    events: [sign_in.*]\n    timeoutSeconds: 2\n    retry: { initialSeconds: 1, maxSeconds: 1 }\n` + (ca === null ? '' : `    ca: |\n${indentPem(ca)}\n`);

/** A failed lookup is audited (`sign_in.failed`) without anyone signing in: an event on demand. */
async function failedLookups(b: TestBackend, n: number, tag: string): Promise<void> {
  for (let i = 0; i < n; i += 1) {
    expect((await b.api('GET', `/v1/sso/lookup?email=${encodeURIComponent(`${tag}${i}@nowhere.test`)}`)).status).toBe(404);
  }
}

/** The event ids of a destination's outbox rows in the order it must send them. */
async function outboxOrder(b: TestBackend, key: string): Promise<string[]> {
  const rows = await b.backend.store.kysely.selectFrom('webhook_deliveries').select('event_id').where('hook_id', '=', key).orderBy('created_at').orderBy('event_id').execute();
  return rows.map((r) => r.event_id);
}

const eventIds = (r: SyslogReceiver) => r.messages.map((m) => parseRfc5424(m).structuredData[0]?.params.find(([k]) => k === 'id')?.[1]);

/**
 * Every event of the destination's outbox arrived exactly once, oldest first: the messages'
 * timestamps never go back (events committed one after another; equal times may come either way).
 */
async function expectEachOnceInOrder(r: SyslogReceiver, b: TestBackend, key: string): Promise<void> {
  const ids = eventIds(r);
  expect(new Set(ids).size).toBe(ids.length);
  expect([...ids].sort()).toEqual([...(await outboxOrder(b, key))].sort());
  const times = r.messages.map((m) => parseRfc5424(m).timestamp);
  expect(times).toEqual([...times].sort());
}

async function syslogStatus(b: TestBackend, id: string) {
  const res = await b.api('GET', '/v1/admin/syslog', { token: ADMIN_TOKEN });
  expect(res.status).toBe(200);
  return (res.body.syslog as { id: string; [k: string]: unknown }[]).find((d) => d.id === id);
}

describe.each([sqliteTarget(), postgresTarget()])('syslog forwarding on $name', (target) => {
  const backends = useForwardingBackends(target);
  const start = (db: string, destinations: string) => backends.start(db, syslogTenantYaml(destinations));
  const receiver = async (o: Parameters<typeof startSyslogReceiver>[0] = {}) => backends.closeAtEnd(await startSyslogReceiver(o));
  let ca: TestCertificateAuthority;
  beforeAll(() => {
    ca = createTestCertificateAuthority();
  });

  it('over TCP: each subscribed event once, in order, as an RFC 5424 message with the event as structured data and JSON; other types not sent', async () => {
    const r = await receiver();
    const b = await start(await target.fresh(), tcp('siem', r.port));
    await failedLookups(b, 5, 'tcp');
    const placed = await b.backend.store.users.insertIfAbsent({ id: 'u-pat', email: 'pat@acme.test', node: 'Acme Corp', role: 'Employee', connectionId: null, now: new Date() });
    expect((await b.api('POST', `/v1/admin/users/${placed.user.id}/deactivate`, { token: ADMIN_TOKEN })).status).toBe(200);

    await expect.poll(() => r.messages.length, { timeout: 20_000 }).toBe(5);
    expect(r.framingErrors).toEqual([]);
    expect(await outboxOrder(b, 'syslog:siem')).toHaveLength(5);
    await expectEachOnceInOrder(r, b, 'syslog:siem');
    for (const text of r.messages) {
      const m = parseRfc5424(text);
      const event = JSON.parse(m.msg ?? '') as Record<string, unknown>;
      expect(m).toMatchObject({ version: 1, facility: 20, severity: 4, hostname: hostname().replace(/[^!-~]/g, '') || '-', appName: 'keyhaven', procId: String(process.pid), msgId: 'sign_in.failed', bom: true });
      expect(m.timestamp).toBe(event.at);
      expect(event).toMatchObject({ type: 'sign_in.failed', reason: 'no_sso_for_domain', details: { stage: 'lookup' } });
      expect(Object.fromEntries(m.structuredData[0]?.params ?? [])).toMatchObject({ id: event.id, type: 'sign_in.failed', outcome: 'failure', reason: 'no_sso_for_domain', email: event.email });
    }
    expect(r.messages.some((m) => m.includes('user.deactivated'))).toBe(false);
    await expect.poll(() => syslogStatus(b, 'siem'), { timeout: 10_000 }).toMatchObject({ host: '127.0.0.1', port: r.port, transport: 'tcp', trust: null, events: ['sign_in.*'], delivered: 5, pending: 0, failing: 0 });
    expect((await syslogStatus(b, 'siem'))?.lastDeliveredAt).not.toBeNull();
    await b.close();
  });

  it('over TLS with the configured CA: delivers; through a collector outage nothing is lost and the order holds; the admin area shows the backlog and the error', async () => {
    const server = ca.issue(['localhost', '127.0.0.1']);
    const r = await receiver({ tls: server });
    const b = await start(await target.fresh(), tls('secure', '127.0.0.1', r.port, ca.certPem));
    await failedLookups(b, 3, 'before');
    await expect.poll(() => r.messages.length, { timeout: 20_000 }).toBe(3);

    await r.stop();
    await failedLookups(b, 4, 'during');
    await expect.poll(async () => ((await syslogStatus(b, 'secure'))?.lastAttempt as { error?: string } | null)?.error, { timeout: 20_000 }).toMatch(/^could not reach the receiver \(ECONNREFUSED\)$/);
    expect(await syslogStatus(b, 'secure')).toMatchObject({ transport: 'tls', trust: 'configured', delivered: 3, pending: 4, failing: 1 });

    await r.start();
    await failedLookups(b, 2, 'after');
    await expect.poll(() => r.messages.length, { timeout: 30_000 }).toBe(9);
    await expectEachOnceInOrder(r, b, 'syslog:secure');
    for (const text of r.messages) expect(parseRfc5424(text).msgId).toBe('sign_in.failed');
    await expect.poll(() => syslogStatus(b, 'secure'), { timeout: 10_000 }).toMatchObject({ delivered: 9, pending: 0, failing: 0 });
    await b.close();
  });

  it('over TLS refuses a collector whose certificate another CA issued, one that names another host, and a private CA without `ca`; nothing is sent and the events wait', async () => {
    const otherCa = createTestCertificateAuthority('Another CA');
    const wrongCa = await receiver({ tls: otherCa.issue(['127.0.0.1']) });
    const wrongHost = await receiver({ tls: ca.issue(['collector.test']) });
    const systemOnly = await receiver({ tls: ca.issue(['127.0.0.1']) });
    const b = await start(
      await target.fresh(),
      tls('wrong-ca', '127.0.0.1', wrongCa.port, ca.certPem) + tls('wrong-host', '127.0.0.1', wrongHost.port, ca.certPem) + tls('system-only', '127.0.0.1', systemOnly.port, null),
    );
    await failedLookups(b, 1, 'refused');
    const errorOf = async (id: string) => ((await syslogStatus(b, id))?.lastAttempt as { error?: string } | null)?.error;
    await expect.poll(() => errorOf('wrong-ca'), { timeout: 20_000 }).toMatch(/^the receiver's certificate was refused \((UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)\)/);
    await expect.poll(() => errorOf('wrong-host'), { timeout: 20_000 }).toMatch(/^the receiver's certificate was refused \(ERR_TLS_CERT_ALTNAME_INVALID\)/);
    await expect.poll(() => errorOf('system-only'), { timeout: 20_000 }).toMatch(/^the receiver's certificate was refused \(/);
    for (const r of [wrongCa, wrongHost, systemOnly]) expect(r.messages).toEqual([]);
    expect(await syslogStatus(b, 'system-only')).toMatchObject({ trust: 'system', delivered: 0, pending: 1 });
    await b.close();
  });

  it('across a restart and with two instances on one database: every event once, and in order when one follows another', async () => {
    const r = await receiver();
    const db = await target.fresh();
    const first = await start(db, tcp('siem', r.port));
    await failedLookups(first, 3, 'first');
    await expect.poll(() => r.messages.length, { timeout: 20_000 }).toBe(3);
    await first.close();

    const a = await start(db, tcp('siem', r.port));
    const b = await start(db, tcp('siem', r.port));
    // One after another, alternating instances: the collector sees them in that order.
    for (let i = 0; i < 4; i += 1) {
      await failedLookups(a, 1, `a${i}-`);
      await failedLookups(b, 1, `b${i}-`);
    }
    await expect.poll(() => r.messages.length, { timeout: 30_000 }).toBe(11);
    await expectEachOnceInOrder(r, a, 'syslog:siem');
    // At the same time on both: each still arrives once.
    await Promise.all([failedLookups(a, 10, 'a'), failedLookups(b, 10, 'b')]);
    await expect.poll(() => r.messages.length, { timeout: 30_000 }).toBe(31);
    const ids = eventIds(r);
    expect(new Set(ids).size).toBe(31);
    expect([...ids].sort()).toEqual([...(await outboxOrder(a, 'syslog:siem'))].sort());
    await a.close();
    await b.close();
  });
});
