import { describe, expect, it } from 'vitest';
import { normaliseTotp } from '../../../main/import/totp';

describe('normaliseTotp', () => {
  it('turns a bare base32 secret with spaces and lower case into an otpauth URI labelled by title', () => {
    expect(normaliseTotp(' jbsw y3dp ehpk 3pxp ', 'My Site')).toEqual({ totp: 'otpauth://totp/My%20Site?secret=JBSWY3DPEHPK3PXP' });
  });

  it('keeps an otpauth URI exactly as found', () => {
    const uri = 'otpauth://totp/Bank:bob?secret=JBSWY3DPEHPK3PXP&issuer=Bank&period=30';
    expect(normaliseTotp(uri, 'x')).toEqual({ totp: uri });
  });

  it('keeps a steam:// seed', () => {
    expect(normaliseTotp('steam://ABCDEFGH2345', 'x')).toEqual({ totp: 'steam://ABCDEFGH2345' });
  });

  it('returns null for an empty value', () => {
    expect(normaliseTotp('  ', 'x')).toEqual({ totp: null });
  });

  it('rejects a value that is not base32', () => {
    expect(normaliseTotp('not-base32!!', 'x')).toHaveProperty('error');
  });

  it('rejects an otpauth URI without a secret', () => {
    expect(normaliseTotp('otpauth://totp/x?issuer=y', 'x')).toHaveProperty('error');
  });
});
