import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. */
export const SIGNATURE_HEADER = 'keyhaven-signature';
/** How far a receiver should accept a timestamp from its own clock (replay window). */
const DEFAULT_TOLERANCE_SECONDS = 300;

function mac(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** The header value for one attempt: signed over the send time and the exact body bytes. */
export function signWebhook(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${mac(secret, t, body)}`;
}

export type SignatureCheck = { readonly ok: true; readonly timestamp: number } | { readonly ok: false; readonly reason: 'malformed' | 'stale' | 'mismatch' };

/**
 * What a receiver does (README "Verifying a delivery"): parse the header, refuse a timestamp
 * outside the tolerance (a captured request replayed later), recompute the MAC over
 * `<t>.<raw body>` and compare in constant time. Then dedupe on the event id.
 */
export function verifyWebhookSignature(secret: string, header: string | undefined, body: string, now: Date, toleranceSeconds = DEFAULT_TOLERANCE_SECONDS): SignatureCheck {
  const parts = new Map((header ?? '').split(',').map((p) => p.trim().split('=', 2) as [string, string | undefined]));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1');
  if (!Number.isInteger(t) || v1 === undefined || !/^[0-9a-f]{64}$/.test(v1)) return { ok: false, reason: 'malformed' };
  if (Math.abs(now.getTime() / 1000 - t) > toleranceSeconds) return { ok: false, reason: 'stale' };
  const expected = Buffer.from(mac(secret, t, body), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(v1, 'hex'))) return { ok: false, reason: 'mismatch' };
  return { ok: true, timestamp: t };
}
