import { AppError } from '../../errors/app-error';
import { decodeBase32 } from '../../otp/base32';
import { totpAt, type OtpAlgorithm } from '../../otp/hotp';

export interface TotpParams {
  readonly secret: Buffer;
  readonly algorithm: OtpAlgorithm;
  readonly digits: number;
  /** Seconds per step (RFC 6238 "X"). */
  readonly period: number;
}

/**
 * Reads a record's `totp` field: an `otpauth://totp/...` URI (Key Uri Format, as QR codes carry
 * it) or a bare base32 secret, which means the authenticator defaults SHA1 / 6 digits / 30 s.
 */
export function parseTotp(secretOrUri: string): TotpParams {
  const text = secretOrUri.trim();
  if (!/^otpauth:/i.test(text)) return { secret: decodeBase32(text), algorithm: 'SHA1', digits: 6, period: 30 };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw bad('the otpauth URI cannot be read');
  }
  if (url.hostname.toLowerCase() !== 'totp') throw bad(`only time-based codes are supported, not "${url.hostname}"`);
  const secret = url.searchParams.get('secret');
  if (!secret) throw bad('the otpauth URI has no secret');
  const algorithm = (url.searchParams.get('algorithm') ?? 'SHA1').toUpperCase();
  if (algorithm !== 'SHA1' && algorithm !== 'SHA256' && algorithm !== 'SHA512') throw bad(`unsupported algorithm ${algorithm}`);
  const digits = Number(url.searchParams.get('digits') ?? 6);
  if (!Number.isInteger(digits) || digits < 6 || digits > 10) throw bad('digits must be 6 to 10');
  const period = Number(url.searchParams.get('period') ?? 30);
  if (!Number.isInteger(period) || period < 1 || period > 3600) throw bad('period must be 1 to 3600 seconds');
  return { secret: decodeBase32(secret), algorithm, digits, period };
}

/** RFC 6238 TOTP (HOTP of RFC 4226 §5.3 over T = floor(unix time / period)). */
export function totpCode(secretOrUri: string | TotpParams, now: Date): string {
  const params = typeof secretOrUri === 'string' ? parseTotp(secretOrUri) : secretOrUri;
  return totpAt(params.secret, now.getTime(), { digits: params.digits, algorithm: params.algorithm, periodSeconds: params.period });
}

/** For the countdown ring next to the code. */
export function totpSecondsRemaining(secretOrUri: string | TotpParams, now: Date): number {
  const params = typeof secretOrUri === 'string' ? parseTotp(secretOrUri) : secretOrUri;
  const seconds = Math.floor(now.getTime() / 1000);
  return params.period - (seconds % params.period);
}

function bad(reason: string): AppError {
  return new AppError('bad_request', `The one-time password setting is not valid: ${reason}.`);
}
