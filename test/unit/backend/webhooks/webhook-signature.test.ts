import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhookSignature } from '../../../../main/backend/webhooks/webhook-signature';
import { backoffMs } from '../../../../main/backend/webhooks/webhook-worker';
import { patternsFor } from '../../../../main/backend/webhooks/webhook-outbox';

const SECRET = 'a-webhook-secret-of-at-least-32-chars';
const body = '{"id":"e1","type":"user.deactivated"}';
const at = new Date('2026-12-02T10:00:00Z');

describe('webhook signatures', () => {
  it('is HMAC-SHA256 over "<unix seconds>.<body>", as the README tells receivers to compute it', () => {
    const header = signWebhook(SECRET, body, at);
    const t = at.getTime() / 1000;
    expect(header).toBe(`t=${t},v1=${createHmac('sha256', SECRET).update(`${t}.${body}`).digest('hex')}`);
    expect(verifyWebhookSignature(SECRET, header, body, at)).toEqual({ ok: true, timestamp: t });
  });

  it('refuses another secret, a changed body, a replay outside the tolerance and a malformed header', () => {
    const header = signWebhook(SECRET, body, at);
    expect(verifyWebhookSignature('another-secret-of-at-least-32-chars!!', header, body, at)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyWebhookSignature(SECRET, header, body.replace('e1', 'e2'), at)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyWebhookSignature(SECRET, header, body, new Date(at.getTime() + 301_000))).toEqual({ ok: false, reason: 'stale' });
    expect(verifyWebhookSignature(SECRET, header.replace(/t=\d+/, `t=${at.getTime() / 1000 + 1}`), body, at)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyWebhookSignature(SECRET, undefined, body, at)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyWebhookSignature(SECRET, 't=1,v1=zz', body, at)).toEqual({ ok: false, reason: 'malformed' });
  });
});

describe('webhook retries and subscriptions', () => {
  it('backs off exponentially up to the maximum, and never stops', () => {
    const hook = { retry: { initialSeconds: 10, maxSeconds: 3600 } };
    expect([1, 2, 3, 4, 9, 50].map((n) => backoffMs(hook, n) / 1000)).toEqual([10, 20, 40, 80, 2560, 3600]);
  });

  it('matches an event to *, each of its families and itself', () => {
    expect(patternsFor('sign_in.failed').sort()).toEqual(['*', 'sign_in.*', 'sign_in.failed']);
    expect(patternsFor('a.b.c').sort()).toEqual(['*', 'a.*', 'a.b.*', 'a.b.c']);
  });
});
