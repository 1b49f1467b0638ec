import { createHmac } from 'node:crypto';

/**
 * Backup codes: ten single-use `xxxx-xxxx` codes from an alphabet without look-alikes
 * (no 0/o, 1/l/i), so they survive being printed and typed back.
 *
 * Storage: HMAC-SHA-256 under a server-side key, not a bare hash and not scrypt. Eight
 * characters of a 31-letter alphabet are ~39.6 bits: too few to rest on an unkeyed hash if the
 * database leaks (2^40 SHA-256 is minutes on a GPU), while the key lives apart from the database,
 * so a stolen table alone gives nothing to brute-force. A deterministic MAC also lets the store
 * mark a code used with a single conditional UPDATE (atomic single use), which salted scrypt
 * would not (it would need ten slow comparisons per attempt — a cheap denial-of-service lever).
 */
export const BACKUP_CODE_COUNT = 10;
export const BACKUP_CODE_ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';
const GROUP = 4;

/**
 * Uniform characters by rejection sampling: a byte is used only when it falls below the
 * largest multiple of the alphabet size, so no letter is likelier than another.
 */
export function generateBackupCodes(random: (size: number) => Buffer, count: number = BACKUP_CODE_COUNT): string[] {
  const codes = new Set<string>();
  const limit = 256 - (256 % BACKUP_CODE_ALPHABET.length);
  while (codes.size < count) {
    let chars = '';
    while (chars.length < GROUP * 2) {
      for (const byte of random(16)) {
        if (byte < limit && chars.length < GROUP * 2) chars += BACKUP_CODE_ALPHABET[byte % BACKUP_CODE_ALPHABET.length];
      }
    }
    codes.add(`${chars.slice(0, GROUP)}-${chars.slice(GROUP)}`);
  }
  return [...codes];
}

/** What the user typed, in the canonical form: lower case, no separators or spaces. */
export function normalizeBackupCode(input: string): string {
  return input.toLowerCase().replace(/[\s-]/g, '');
}

export function looksLikeBackupCode(input: string): boolean {
  const normal = normalizeBackupCode(input);
  return normal.length === GROUP * 2 && [...normal].every((c) => BACKUP_CODE_ALPHABET.includes(c));
}

export function hashBackupCode(macKey: Uint8Array, code: string): string {
  return createHmac('sha256', macKey).update(normalizeBackupCode(code)).digest('base64url');
}
