import { AppError } from '../errors/app-error';

/** RFC 4648 §6, the alphabet authenticator apps use for TOTP secrets (Google's Key Uri Format). */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Unpadded, as otpauth URIs carry it. */
export function encodeBase32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(buffer >>> bits) & 31];
    }
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/**
 * Case-insensitive; spaces, hyphens and trailing "=" padding are tolerated because people copy
 * secrets by hand in groups of four. Anything else is refused with a message naming it.
 */
export function decodeBase32(text: string): Buffer {
  const clean = text.replace(/[\s-]/g, '').replace(/=+$/, '').toUpperCase();
  if (clean.length === 0) throw invalid('it is empty');
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of clean) {
    const value = ALPHABET.indexOf(char);
    if (value < 0) throw invalid(`"${char}" is not a base32 character`);
    buffer = ((buffer << 5) | value) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((buffer >>> bits) & 0xff);
    }
  }
  return Buffer.from(out);
}

function invalid(reason: string): AppError {
  return new AppError('bad_request', `The one-time password secret is not valid base32: ${reason}.`);
}
