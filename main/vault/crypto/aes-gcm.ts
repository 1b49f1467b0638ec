import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** AES-256-GCM parameters fixed by the vault model (DESIGN.md "Vault model"). */
export const KEY_BYTES = 32;
/** 96-bit nonces: the only size GCM handles without an extra GHASH step (NIST SP 800-38D §8.2). */
export const NONCE_BYTES = 12;
/** Full 128-bit tags; truncated tags weaken forgery resistance. */
export const TAG_BYTES = 16;

export interface GcmSealed {
  readonly ciphertext: Buffer;
  readonly tag: Buffer;
}

export function randomKey(): Buffer {
  return pooledRandomBytes(KEY_BYTES);
}

export function randomNonce(): Buffer {
  return pooledRandomBytes(NONCE_BYTES);
}

/**
 * Sealing one record takes three random values (record key, two nonces), and on an import of
 * 100,000 records one CSPRNG call each was a sixth of the time. So the CSPRNG fills 4 KiB at a
 * time and each value is copied out of it; the bytes handed out are zeroed in the pool at once,
 * so no value is ever given twice or left behind. The bytes are the CSPRNG's own, unchanged.
 */
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let poolOffset = 0;

function pooledRandomBytes(length: number): Buffer {
  if (length > POOL_BYTES) return randomBytes(length);
  if (poolOffset + length > pool.length) {
    pool.fill(0);
    pool = randomBytes(POOL_BYTES);
    poolOffset = 0;
  }
  const out = Buffer.alloc(length);
  pool.copy(out, 0, poolOffset, poolOffset + length);
  pool.fill(0, poolOffset, poolOffset + length);
  poolOffset += length;
  return out;
}

/** The bare primitive; callers normally go through the envelope, which adds version and context. */
export function aesGcmEncrypt(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): GcmSealed {
  assertSizes(key, nonce);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  // As in decryption: GCM's update() returns every ciphertext byte and final() none, so the
  // ciphertext is update()'s buffer (no copy of the whole record into a concatenation).
  const ciphertext = cipher.update(plaintext);
  if (cipher.final().length !== 0) throw new Error('AES-GCM final() returned bytes');
  return { ciphertext, tag: cipher.getAuthTag() };
}

/** Throws (node's "Unsupported state or unable to authenticate data") when anything was altered. */
export function aesGcmDecrypt(
  key: Uint8Array,
  nonce: Uint8Array,
  ciphertext: Uint8Array,
  tag: Uint8Array,
  aad: Uint8Array,
): Buffer {
  assertSizes(key, nonce);
  if (tag.length !== TAG_BYTES) throw new RangeError(`GCM tag must be ${TAG_BYTES} bytes`);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  // GCM is a stream mode: update() returns every plaintext byte and final() only verifies the
  // tag (it returns nothing), so there is no second buffer to concatenate.
  const plaintext = decipher.update(ciphertext);
  decipher.final();
  return plaintext;
}

function assertSizes(key: Uint8Array, nonce: Uint8Array): void {
  if (key.length !== KEY_BYTES) throw new RangeError(`AES-256 key must be ${KEY_BYTES} bytes`);
  if (nonce.length !== NONCE_BYTES) throw new RangeError(`GCM nonce must be ${NONCE_BYTES} bytes`);
}
