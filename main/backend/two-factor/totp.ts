import { timingSafeEqual } from 'node:crypto';
import { hotp, totpStep } from '../../otp/hotp';

/**
 * TOTP as RFC 6238 defines it on top of HOTP (RFC 4226): HMAC-SHA1, 30-second steps counted
 * from the Unix epoch, 6 digits. Only these parameters are offered because they are the ones
 * every authenticator app implements (and the ones the otpauth URI advertises).
 */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** RFC 6238 §5.2: accept one step either side to absorb clock drift and typing time. */
const TOTP_WINDOW = 1;

/**
 * The time steps within the window whose code equals `code`, latest first. Every candidate is
 * computed and compared in constant time, so the response time does not reveal how close a
 * guess was nor which step matched. Only the code's shape (six digits) is checked up front,
 * and that is no secret.
 */
export function matchingTotpSteps(secret: Uint8Array, code: string, nowMs: number, window: number = TOTP_WINDOW): number[] {
  if (!/^[0-9]{6}$/.test(code)) return [];
  const given = Buffer.from(code);
  const current = totpStep(nowMs, TOTP_PERIOD_SECONDS);
  const matches: number[] = [];
  for (let step = current + window; step >= current - window; step -= 1) {
    if (timingSafeEqual(Buffer.from(hotp(secret, step, { digits: TOTP_DIGITS })), given)) matches.push(step);
  }
  return matches;
}
