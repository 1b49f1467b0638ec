import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM sealing of server-side secrets (TOTP seeds) under a key the backend holds apart
 * from the database. The associated data binds a ciphertext to its owner: a row copied to
 * another user's record fails authentication instead of decrypting (NIST SP 800-38D §5.2).
 * Format: `v1.<iv>.<tag>.<ciphertext>`, base64url parts; a fresh 96-bit IV per seal.
 */
const VERSION = 'v1';

export function sealSecret(key: Uint8Array, plaintext: Uint8Array, associatedData: string, iv: Uint8Array = randomBytes(12)): string {
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const parts = [Buffer.from(iv), cipher.getAuthTag(), ciphertext].map((b) => b.toString('base64url'));
  return [VERSION, ...parts].join('.');
}

/** Throws when the text was altered, sealed under another key or for another owner. */
export function openSecret(key: Uint8Array, sealed: string, associatedData: string): Buffer {
  const [version, iv, tag, ciphertext] = sealed.split('.');
  if (version !== VERSION || iv === undefined || tag === undefined || ciphertext === undefined) {
    throw new Error('unknown sealed secret format');
  }
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(associatedData, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]);
}

export interface TwoFactorKeys {
  /** Seals TOTP seeds at rest. */
  readonly totpSealing: Buffer;
  /** Keys the HMAC that stores backup codes. */
  readonly backupCodeMac: Buffer;
}

/**
 * One configured secret, separate keys per purpose (RFC 5869 HKDF), so that a flaw in one use
 * cannot be turned against the other.
 */
export function deriveTwoFactorKeys(secretKey: Uint8Array): TwoFactorKeys {
  if (secretKey.length < 32) throw new RangeError('the two-factor secret key must be at least 256 bits');
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', secretKey, Buffer.alloc(0), info, 32));
  return { totpSealing: derive('keyhaven two-factor totp sealing v1'), backupCodeMac: derive('keyhaven two-factor backup codes v1') };
}
