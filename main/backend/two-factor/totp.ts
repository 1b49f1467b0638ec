import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * TOTP as RFC 6238 defines it on top of HOTP (RFC 4226): HMAC-SHA1, 30-second steps counted
 * from the Unix epoch, 6 digits. Only these parameters are offered because they are the ones
 * every authenticator app implements (and the ones the otpauth URI advertises).
 */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** RFC 6238 §5.2: accept one step either side to absorb clock drift and typing time. */
export const TOTP_WINDOW = 1;

/** RFC 4226 §5.3: HMAC over the 8-byte big-endian counter, dynamic truncation, mod 10^digits. */
export function hotp(secret: Uint8Array, counter: number, digits: number = TOTP_DIGITS): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', secret).update(message).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** RFC 6238 §4.2: T = floor((now - T0) / X) with T0 = 0. */
export function totpStep(nowMs: number, period: number = TOTP_PERIOD_SECONDS): number {
  return Math.floor(nowMs / 1000 / period);
}

export function totpAt(secret: Uint8Array, nowMs: number, digits: number = TOTP_DIGITS): string {
  return hotp(secret, totpStep(nowMs), digits);
}

/**
 * The time steps within the window whose code equals `code`, latest first. Every candidate is
 * computed and compared in constant time, so the response time does not reveal how close a
 * guess was nor which step matched. Only the code's shape (six digits) is checked up front,
 * and that is no secret.
 */
export function matchingTotpSteps(secret: Uint8Array, code: string, nowMs: number, window: number = TOTP_WINDOW): number[] {
  if (!/^[0-9]{6}$/.test(code)) return [];
  const given = Buffer.from(code);
  const current = totpStep(nowMs);
  const matches: number[] = [];
  for (let step = current + window; step >= current - window; step -= 1) {
    if (timingSafeEqual(Buffer.from(hotp(secret, step)), given)) matches.push(step);
  }
  return matches;
}
