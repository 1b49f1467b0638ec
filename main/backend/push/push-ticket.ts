import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/** Longer than any session (12 h), so a ticket outlives the session it was issued with. */
const TICKET_TTL_MS = 13 * 60 * 60_000;

export interface PushTickets {
  issue(o: { userId: string; deviceId: string | null }): string;
  /** The user and device a ticket was issued for, or null when forged, altered or expired. */
  verify(ticket: string): { userId: string; deviceId: string | null } | null;
}

/**
 * A polling app whose session has ended can no longer authenticate, yet should learn why (the
 * account was deactivated, the device removed). The stream and every poll hand it a ticket —
 * user id, device id and expiry under an HMAC with a key derived from the backend's secret key —
 * that it sends back; a valid ticket lets the poll answer with the reason. It grants nothing else.
 */
export function createPushTickets(secretKey: Buffer, now: () => Date): PushTickets {
  const key = Buffer.from(hkdfSync('sha256', secretKey, Buffer.alloc(0), 'keyhaven push ticket v1', 32));
  const mac = (payload: string): Buffer => createHmac('sha256', key).update(payload).digest();
  return {
    issue({ userId, deviceId }) {
      const payload = Buffer.from(JSON.stringify([userId, deviceId, now().getTime() + TICKET_TTL_MS])).toString('base64url');
      return `${payload}.${mac(payload).toString('base64url')}`;
    },
    verify(ticket) {
      const [payload, sig, extra] = ticket.split('.');
      if (!payload || !sig || extra !== undefined) return null;
      const given = Buffer.from(sig, 'base64url');
      const expected = mac(payload);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      try {
        const [userId, deviceId, expires] = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as [unknown, unknown, unknown];
        if (typeof userId !== 'string' || (deviceId !== null && typeof deviceId !== 'string') || typeof expires !== 'number') return null;
        return expires > now().getTime() ? { userId, deviceId } : null;
      } catch {
        return null;
      }
    },
  };
}
