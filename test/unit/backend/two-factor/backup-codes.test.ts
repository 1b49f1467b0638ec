import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  BACKUP_CODE_ALPHABET,
  generateBackupCodes,
  hashBackupCode,
  looksLikeBackupCode,
  normalizeBackupCode,
} from '../../../../main/backend/two-factor/backup-codes';

describe('backup codes', () => {
  it('makes ten distinct xxxx-xxxx codes from the readable alphabet', () => {
    const codes = generateBackupCodes(randomBytes);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    const letter = `[${BACKUP_CODE_ALPHABET}]`;
    for (const code of codes) expect(code).toMatch(new RegExp(`^${letter}{4}-${letter}{4}$`));
  });

  it('has no look-alike characters', () => {
    for (const c of '01ilo') expect(BACKUP_CODE_ALPHABET).not.toContain(c);
  });

  it('discards bytes past the last full alphabet cycle instead of wrapping them (no modulo bias)', () => {
    // 31 letters: bytes 248..255 would favour the first eight letters, so they must be dropped.
    let call = 0;
    const random = (size: number) => Buffer.alloc(size, call++ === 0 ? 250 : 10);
    expect(generateBackupCodes(random, 1)).toEqual([`${BACKUP_CODE_ALPHABET[10]!.repeat(4)}-${BACKUP_CODE_ALPHABET[10]!.repeat(4)}`]);
  });

  it('accepts the code as people type it', () => {
    expect(normalizeBackupCode(' ABCD-efgh ')).toBe('abcdefgh');
    expect(looksLikeBackupCode('ABCD EFGH')).toBe(true);
    expect(looksLikeBackupCode('abcd-efg0')).toBe(false);
  });

  it('stores a keyed MAC: the same code under another key gives another hash', () => {
    const [code] = generateBackupCodes(randomBytes, 1);
    const k1 = randomBytes(32);
    expect(hashBackupCode(k1, code!)).toBe(hashBackupCode(k1, code!.toUpperCase()));
    expect(hashBackupCode(k1, code!)).not.toBe(hashBackupCode(randomBytes(32), code!));
    expect(hashBackupCode(k1, code!)).not.toContain(normalizeBackupCode(code!));
  });
});
