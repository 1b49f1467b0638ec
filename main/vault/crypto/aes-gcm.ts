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
 * time and each value is taken out of it; the bytes handed out are zeroed in the pool as soon as
 * they are given (copied out) or used (lent), so no value is ever given twice or left behind.
 * The bytes are the CSPRNG's own, unchanged.
 */
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let poolOffset = 0;

/** Start of `length` fresh bytes in `pool` (refilled when too few are left). */
function reserve(length: number): number {
  if (poolOffset + length > pool.length) {
    // Only the tail was never handed out: the rest is zero already, or lent to a caller of
    // withPooledRandom that is still using it (and will zero it).
    pool.fill(0, poolOffset);
    pool = randomBytes(POOL_BYTES);
    poolOffset = 0;
  }
  const start = poolOffset;
  poolOffset += length;
  return start;
}

function pooledRandomBytes(length: number): Buffer {
  if (length > POOL_BYTES) return randomBytes(length);
  const start = reserve(length);
  const out = Buffer.alloc(length);
  pool.copy(out, 0, start, start + length);
  pool.fill(0, start, start + length);
  return out;
}

/**
 * Lends `length` random bytes to `use` without copying them: a view of the pool, valid only
 * during the call (`use` must not keep it), zeroed when `use` returns or throws. Record sealing
 * takes its record key and nonces this way, saving three allocations per record.
 */
export function withPooledRandom<T>(length: number, use: (bytes: Buffer) => T): T {
  if (length > POOL_BYTES) throw new RangeError(`at most ${POOL_BYTES} pooled random bytes at a time`);
  const start = reserve(length);
  const view = pool.subarray(start, start + length);
  try {
    return use(view);
  } finally {
    view.fill(0);
  }
}

/** The bare primitive; callers normally go through the envelope, which adds version and context. */
export function aesGcmEncrypt(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array | string, aad: Uint8Array): GcmSealed {
  assertSizes(key, nonce);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  // As in decryption: GCM's update() returns every ciphertext byte and final() none, so the
  // ciphertext is update()'s buffer (no copy of the whole record into a concatenation).
  const ciphertext = typeof plaintext === 'string' ? cipher.update(plaintext, 'utf8') : cipher.update(plaintext);
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
