import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deriveTwoFactorKeys, openSecret, sealSecret } from '../../../../main/backend/two-factor/secret-box';

const key = randomBytes(32);
const secret = randomBytes(20);

describe('secret box (AES-256-GCM)', () => {
  it('opens what it sealed for the same owner', () => {
    expect(openSecret(key, sealSecret(key, secret, 'keyhaven:totp:u1'), 'keyhaven:totp:u1').equals(secret)).toBe(true);
  });

  it('refuses a ciphertext moved to another owner', () => {
    const sealed = sealSecret(key, secret, 'keyhaven:totp:u1');
    expect(() => openSecret(key, sealed, 'keyhaven:totp:u2')).toThrow();
  });

  it('refuses a ciphertext under another key or altered by one bit', () => {
    const sealed = sealSecret(key, secret, 'a');
    expect(() => openSecret(randomBytes(32), sealed, 'a')).toThrow();
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0]! ^= 1;
    expect(() => openSecret(key, [parts[0], parts[1], parts[2], body.toString('base64url')].join('.'), 'a')).toThrow();
  });

  it('uses a fresh IV each time', () => {
    expect(sealSecret(key, secret, 'a')).not.toBe(sealSecret(key, secret, 'a'));
  });

  it('derives distinct keys per purpose and refuses a short master key', () => {
    const keys = deriveTwoFactorKeys(key);
    expect(keys.totpSealing.equals(keys.backupCodeMac)).toBe(false);
    expect(keys.totpSealing.equals(key)).toBe(false);
    expect(() => deriveTwoFactorKeys(randomBytes(16))).toThrow(/256 bits/);
  });
});
