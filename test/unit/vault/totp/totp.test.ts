import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTotp, totpCode, totpSecondsRemaining } from '../../../../main/vault/totp/totp';

const rfc = JSON.parse(readFileSync(new URL('../../../fixtures/vault/rfc6238.json', import.meta.url), 'utf8')) as {
  seeds: Record<'SHA1' | 'SHA256' | 'SHA512', string>;
  vectors: ({ time: number } & Record<'SHA1' | 'SHA256' | 'SHA512', string>)[];
};

describe('TOTP (RFC 6238 Appendix B)', () => {
  for (const algorithm of ['SHA1', 'SHA256', 'SHA512'] as const) {
    for (const v of rfc.vectors) {
      it(`${algorithm} at T=${v.time} gives ${v[algorithm]}`, () => {
        const uri = `otpauth://totp/Example:alice@acme.test?secret=${rfc.seeds[algorithm].replace(/=/g, '')}&algorithm=${algorithm}&digits=8&period=30&issuer=Example`;
        expect(totpCode(uri, new Date(v.time * 1000))).toBe(v[algorithm]);
      });
    }
  }

  it('treats a bare base32 secret as SHA1 / 6 digits / 30 s, ignoring case and spaces', () => {
    const secret = 'gezd gnbv gy3t qojq gezd gnbv gy3t qojq';
    expect(totpCode(secret, new Date(59_000))).toBe('287082');
    expect(parseTotp(secret)).toMatchObject({ algorithm: 'SHA1', digits: 6, period: 30 });
  });

  it('honours the period of the URI for the code and the countdown', () => {
    const uri = `otpauth://totp/x?secret=${rfc.seeds.SHA1}&period=60`;
    expect(totpCode(uri, new Date(59_000))).toBe(totpCode(uri, new Date(0)));
    expect(totpSecondsRemaining(uri, new Date(59_000))).toBe(1);
  });

  it('rejects what it cannot use with a clear message', () => {
    expect(() => totpCode('otpauth://hotp/x?secret=GEZDGNBV&counter=1', new Date())).toThrow(/time-based/);
    expect(() => totpCode('otpauth://totp/x?secret=GEZDGNBV&algorithm=MD5', new Date())).toThrow(/MD5/);
    expect(() => totpCode('not base32 !', new Date())).toThrow(/base32/);
  });
});
