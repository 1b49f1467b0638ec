import { createHmac } from 'node:crypto';

export type OtpAlgorithm = 'SHA1' | 'SHA256' | 'SHA512';

export interface OtpOptions {
  /** 6 unless said otherwise (what every authenticator app shows). */
  readonly digits?: number;
  /** SHA1 unless said otherwise (RFC 4226; RFC 6238 §1.2 adds SHA-256 and SHA-512). */
  readonly algorithm?: OtpAlgorithm;
}

/** RFC 4226 §5.3: HMAC over the 8-byte big-endian counter, dynamic truncation, mod 10^digits. */
export function hotp(secret: Uint8Array, counter: number, options: OtpOptions = {}): string {
  const digits = options.digits ?? 6;
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac((options.algorithm ?? 'SHA1').toLowerCase(), secret).update(message).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** RFC 6238 §4.2: T = floor((now - T0) / X) with T0 = 0 and X = `periodSeconds` (30 by default). */
export function totpStep(nowMs: number, periodSeconds = 30): number {
  return Math.floor(Math.floor(nowMs / 1000) / periodSeconds);
}

/** RFC 6238 TOTP: HOTP over the current time step. */
export function totpAt(secret: Uint8Array, nowMs: number, options: OtpOptions & { readonly periodSeconds?: number } = {}): string {
  return hotp(secret, totpStep(nowMs, options.periodSeconds), options);
}
