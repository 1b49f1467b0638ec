import { describe, expect, it } from 'vitest';
import { KEY_BYTES, NONCE_BYTES, randomKey, randomNonce } from '../../../../main/vault/crypto/aes-gcm';

describe('keys and nonces drawn from the CSPRNG pool', () => {
  it('have their sizes and never repeat, across many pool refills', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5_000; i += 1) {
      const key = randomKey();
      const nonce = randomNonce();
      expect(key.length).toBe(KEY_BYTES);
      expect(nonce.length).toBe(NONCE_BYTES);
      seen.add(key.toString('hex'));
      seen.add(nonce.toString('hex'));
    }
    expect(seen.size).toBe(10_000);
  });

  it('are independent copies: zeroing one (as keys are zeroed after use) changes no other', () => {
    const a = randomKey();
    const b = randomKey();
    const bBefore = Buffer.from(b);
    a.fill(0);
    expect(b.equals(bBefore)).toBe(true);
    expect(b.equals(Buffer.alloc(KEY_BYTES))).toBe(false);
  });

  it('look uniformly random: every byte value appears in 64 KiB of keys', () => {
    const counts = new Array<number>(256).fill(0);
    for (let i = 0; i < 2_048; i += 1) for (const byte of randomKey()) counts[byte]! += 1;
    // 65,536 bytes: each value expected 256 times; below 150 would be a broken source.
    expect(Math.min(...counts)).toBeGreaterThan(150);
  });
});
