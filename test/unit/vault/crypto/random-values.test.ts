import { describe, expect, it } from 'vitest';
import { KEY_BYTES, NONCE_BYTES, randomKey, randomNonce, withPooledRandom } from '../../../../main/vault/crypto/aes-gcm';

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

describe('random bytes lent from the CSPRNG pool (record sealing)', () => {
  it('lends fresh bytes of the asked length and zeroes them when the call returns', () => {
    let kept: Buffer | null = null;
    let copy: Buffer | null = null;
    const out = withPooledRandom(56, (bytes) => {
      expect(bytes.length).toBe(56);
      kept = bytes;
      copy = Buffer.from(bytes);
      return 'done';
    });
    expect(out).toBe('done');
    expect(copy!.equals(Buffer.alloc(56))).toBe(false);
    expect(kept!.equals(Buffer.alloc(56))).toBe(true);
  });

  it('zeroes them when the call throws', () => {
    let kept: Buffer | null = null;
    expect(() =>
      withPooledRandom(32, (bytes) => {
        kept = bytes;
        throw new Error('sealing failed');
      }),
    ).toThrow('sealing failed');
    expect(kept!.equals(Buffer.alloc(32))).toBe(true);
  });

  it('never lends or gives the same bytes twice, across many pool refills', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2_000; i += 1) {
      withPooledRandom(56, (bytes) => seen.add(bytes.toString('hex')));
      seen.add(randomNonce().toString('hex'));
    }
    expect(seen.size).toBe(4_000);
  });

  it('leaves lent bytes alone while they are in use, even when a draw inside the call refills the pool', () => {
    withPooledRandom(56, (bytes) => {
      const before = Buffer.from(bytes);
      // More than a pool's worth of draws: the pool is refilled at least once meanwhile.
      for (let i = 0; i < 400; i += 1) randomKey();
      withPooledRandom(4_000, () => undefined);
      expect(bytes.equals(before)).toBe(true);
    });
  });

  it('refuses more than a pool at once', () => {
    expect(() => withPooledRandom(4_097, () => undefined)).toThrow(RangeError);
  });
});
