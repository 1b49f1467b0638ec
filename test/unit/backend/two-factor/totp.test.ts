import { describe, expect, it } from 'vitest';
import { decodeBase32, encodeBase32 } from '../../../../main/backend/two-factor/base32';
import { hotp, matchingTotpSteps, totpAt, totpStep } from '../../../../main/backend/two-factor/totp';

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

describe('TOTP (RFC 6238, HMAC-SHA1)', () => {
  it.each(RFC_VECTORS)('matches the RFC 6238 Appendix B vector at T=%is', (seconds, code) => {
    expect(totpAt(RFC_SEED, seconds * 1000, 8)).toBe(code);
  });

  it('matches the RFC 4226 Appendix D HOTP values it is built on', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    expect(expected.map((_, counter) => hotp(RFC_SEED, counter))).toEqual(expected);
  });

  it('counts 30-second steps from the epoch', () => {
    expect(totpStep(59_000)).toBe(1);
    expect(totpStep(60_000)).toBe(2);
  });

  it('accepts the current code and one step either side, nothing further', () => {
    const now = 1_700_000_015_000;
    const step = totpStep(now);
    expect(matchingTotpSteps(RFC_SEED, hotp(RFC_SEED, step), now)).toEqual([step]);
    expect(matchingTotpSteps(RFC_SEED, hotp(RFC_SEED, step - 1), now)).toEqual([step - 1]);
    expect(matchingTotpSteps(RFC_SEED, hotp(RFC_SEED, step + 1), now)).toEqual([step + 1]);
    expect(matchingTotpSteps(RFC_SEED, hotp(RFC_SEED, step - 2), now)).toEqual([]);
    expect(matchingTotpSteps(RFC_SEED, hotp(RFC_SEED, step + 2), now)).toEqual([]);
  });

  it('refuses anything that is not six digits', () => {
    const now = 1_700_000_015_000;
    const code = hotp(RFC_SEED, totpStep(now));
    for (const bad of ['', `${code}0`, code.slice(0, 5), ` ${code.slice(1)}`, 'abcdef']) {
      expect(matchingTotpSteps(RFC_SEED, bad, now)).toEqual([]);
    }
  });
});

describe('base32 (RFC 4648 §10 vectors)', () => {
  const vectors: readonly [string, string][] = [
    ['', ''],
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

  it('decodes what people type: lower case, spaces and padding', () => {
    expect(decodeBase32('mzxw 6ytb oi======').toString()).toBe('foobar');
  });

  it('refuses characters outside the alphabet', () => {
    expect(() => decodeBase32('MZ1W')).toThrow(RangeError);
  });
});
