import { describe, expect, it } from 'vitest';
import { escapeParamValue, formatSyslogMessage, frameOctetCounted } from '../../../../main/backend/syslog/syslog-message';
import type { ForwardedEvent } from '../../../../main/backend/webhooks/webhook-outbox';
import { parseRfc5424 } from '../../../support/syslog-receiver';

const destination = { facility: 'auth', appName: 'keyhaven', structuredDataId: 'keyhaven@32473' } as const;
const event = (o: Partial<ForwardedEvent> = {}): ForwardedEvent => ({
  id: '3f6c1c1e-8d0a-4c59-9a57-0e8f4f5b2a10',
  type: 'sign_in.failed',
  at: '2026-12-02T10:00:00.123Z',
  userId: null,
  connectionId: 'okta',
  reason: 'no_sso_for_domain',
  email: 'pat@nowhere.test',
  ip: '203.0.113.9',
  details: { stage: 'lookup' },
  ...o,
});

describe('RFC 5424 messages', () => {
  it('writes the header, the event as structured data and the event as JSON after a BOM', () => {
    const text = formatSyslogMessage(event(), { destination, hostname: 'backend-1.acme.test', procId: '4242' });
    const m = parseRfc5424(text);
    // auth (4) × 8 + warning (4): a failure.
    expect(m).toMatchObject({ pri: 36, facility: 4, severity: 4, version: 1, timestamp: '2026-12-02T10:00:00.123Z', hostname: 'backend-1.acme.test', appName: 'keyhaven', procId: '4242', msgId: 'sign_in.failed', bom: true });
    expect(m.structuredData).toEqual([
      {
        id: 'keyhaven@32473',
        params: [
          ['id', '3f6c1c1e-8d0a-4c59-9a57-0e8f4f5b2a10'],
          ['type', 'sign_in.failed'],
          ['outcome', 'failure'],
          ['connectionId', 'okta'],
          ['reason', 'no_sso_for_domain'],
          ['email', 'pat@nowhere.test'],
          ['ip', '203.0.113.9'],
        ],
      },
    ]);
    expect(JSON.parse(m.msg ?? '')).toEqual(event());
  });

  it('gives a success the informational severity and the configured facility', () => {
    const m = parseRfc5424(formatSyslogMessage(event({ type: 'user.deactivated', reason: null, userId: 'u-1', details: { actor: 'admin@acme.test' } }), { destination: { ...destination, facility: 'local4' }, hostname: 'h', procId: '1' }));
    expect(m).toMatchObject({ pri: 20 * 8 + 6, severity: 6, facility: 20, msgId: 'user.deactivated' });
    expect(m.structuredData[0]?.params).toContainEqual(['outcome', 'success']);
  });

  it('escapes ", \\ and ] in parameter values, and the values read back unchanged', () => {
    expect(escapeParamValue('a"b\\c]d')).toBe('a\\"b\\\\c\\]d');
    const email = 'x"] [evil@1 k="v"\\@nowhere.test';
    const text = formatSyslogMessage(event({ email }), { destination, hostname: 'h', procId: '1' });
    const m = parseRfc5424(text);
    expect(m.structuredData).toHaveLength(1);
    expect(m.structuredData[0]?.params).toContainEqual(['email', email]);
    expect(JSON.parse(m.msg ?? '').email).toBe(email);
  });

  it('keeps header fields within their grammar: a hostname with spaces or non-ASCII is cleaned, an empty one is NILVALUE', () => {
    expect(parseRfc5424(formatSyslogMessage(event(), { destination, hostname: 'my host é', procId: '1' })).hostname).toBe('myhost');
    expect(parseRfc5424(formatSyslogMessage(event(), { destination, hostname: '', procId: '1' })).hostname).toBe('-');
    expect(parseRfc5424(formatSyslogMessage(event({ type: 'a'.repeat(40) }), { destination, hostname: 'h', procId: '1' })).msgId).toBe('a'.repeat(32));
  });

  it('frames with the byte length (octet counting), not the character count', () => {
    const message = formatSyslogMessage(event({ email: 'zoë@nowhere.test' }), { destination, hostname: 'h', procId: '1' });
    const frame = frameOctetCounted(message);
    const space = frame.indexOf(0x20);
    expect(Number(frame.subarray(0, space).toString())).toBe(Buffer.byteLength(message, 'utf8'));
    expect(Number(frame.subarray(0, space).toString())).toBeGreaterThan(message.length);
    expect(frame.subarray(space + 1).toString('utf8')).toBe(message);
  });

  it('the test parser refuses what the grammar refuses', () => {
    const good = formatSyslogMessage(event(), { destination, hostname: 'h', procId: '1' });
    expect(() => parseRfc5424(good.replace('<36>1', '<192>1'))).toThrow(/PRI/);
    expect(() => parseRfc5424(good.replace('2026-12-02T10:00:00.123Z', '2026-12-02 10:00'))).toThrow(/TIMESTAMP|HOSTNAME/);
    expect(() => parseRfc5424(good.replace('reason="no_sso_for_domain"', 'reason="a]b"'))).toThrow(/unescaped \]/);
  });
});
