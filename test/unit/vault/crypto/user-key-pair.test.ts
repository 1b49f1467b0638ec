import { createPrivateKey, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../main/errors/app-error';
import { generateUserKeyPair, unwrapPrivateKey, wrapPrivateKey } from '../../../../main/vault/crypto/user-key-pair';

describe('user ECDH P-256 key pair', () => {
  it('is a P-256 key pair whose private key round-trips wrapped by the data key', () => {
    const dataKey = randomBytes(32);
    const pair = generateUserKeyPair();
    const key = createPrivateKey({ key: pair.privateKeyPkcs8, format: 'der', type: 'pkcs8' });
    expect(key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    const wrapped = wrapPrivateKey(dataKey, pair);
    expect(wrapped.startsWith('kh1.a256gcm.')).toBe(true);
    expect(unwrapPrivateKey(dataKey, wrapped, pair.publicKey).equals(pair.privateKeyPkcs8)).toBe(true);
  });

  it('refuses a wrapped private key paired with another public key', () => {
    const dataKey = randomBytes(32);
    const mine = generateUserKeyPair();
    const theirs = generateUserKeyPair();
    const wrapped = wrapPrivateKey(dataKey, mine);
    expect(() => unwrapPrivateKey(dataKey, wrapped, theirs.publicKey)).toThrow(AppError);
    try {
      unwrapPrivateKey(dataKey, wrapped, theirs.publicKey);
    } catch (error) {
      expect((error as AppError).code).toBe('tampered');
      expect((error as AppError).publicMessage).toContain("user's private key");
    }
  });
});
