import { describe, expect, it } from 'vitest';
import { decodeBase32, encodeBase32 } from '../../../main/otp/base32';
import { hotp, totpAt, totpStep } from '../../../main/otp/hotp';

// RFC 6238 Appendix B: the SHA1 seed is the ASCII string "12345678901234567890", 8 digits.
const RFC_SEED = Buffer.from('12345678901234567890', 'ascii');
const RFC_VECTORS: readonly [seconds: number, code: string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('HOTP and TOTP (RFC 4226, RFC 6238)', () => {
  it.each(RFC_VECTORS)('matches the RFC 6238 Appendix B SHA1 vector at T=%is', (seconds, code) => {
    expect(totpAt(RFC_SEED, seconds * 1000, { digits: 8 })).toBe(code);
  });

  it('matches the RFC 4226 Appendix D HOTP values', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    expect(expected.map((_, counter) => hotp(RFC_SEED, counter))).toEqual(expected);
  });

  it('counts steps of the given period from the epoch, 30 seconds by default', () => {
    expect(totpStep(59_000)).toBe(1);
    expect(totpStep(60_000)).toBe(2);
    expect(totpStep(59_000, 60)).toBe(0);
    expect(totpAt(RFC_SEED, 59_000, { periodSeconds: 60 })).toBe(hotp(RFC_SEED, 0));
  });
});

describe('base32 (RFC 4648 §10 vectors)', () => {
  const vectors: readonly [string, string][] = [
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ];
  it.each(vectors)('encodes %j as %s and back', (plain, encoded) => {
    expect(encodeBase32(Buffer.from(plain))).toBe(encoded);
    expect(decodeBase32(encoded).toString()).toBe(plain);
  });

  it('round-trips a 20-byte secret', () => {
    expect(encodeBase32(RFC_SEED)).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(decodeBase32('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ')).toEqual(RFC_SEED);
  });

  it('decodes what people type: lower case, spaces, hyphens and padding', () => {
    expect(decodeBase32('mzxw 6ytb-oi======').toString()).toBe('foobar');
  });

  it('refuses characters outside the alphabet and empty text, naming the problem', () => {
    expect(() => decodeBase32('MZ1W')).toThrow(/"1" is not a base32 character/);
    expect(() => decodeBase32('  ')).toThrow(/empty/);
  });
});
