import { describe, expect, it } from 'vitest';
import { bytesToBase64 } from '../../../renderer/src/import/base64-chunks';

describe('bytesToBase64', () => {
  it('matches Buffer for every length around the chunk boundary', () => {
    for (let n = 0; n < 40; n += 1) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) % 256);
      expect(bytesToBase64(bytes, 6)).toBe(Buffer.from(bytes).toString('base64'));
    }
  });

  it('encodes a multi-megabyte file in chunks without a stack overflow', () => {
    const bytes = new Uint8Array(3 * 1024 * 1024 + 1).map((_, i) => i % 256);
    expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
  });

  it('refuses a chunk size that would put padding mid-string', () => {
    expect(() => bytesToBase64(new Uint8Array(4), 4)).toThrow(RangeError);
  });
});
