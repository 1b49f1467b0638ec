import { aesGcmDecrypt, KEY_BYTES, NONCE_BYTES, withPooledRandom } from './aes-gcm';
import { ALG_AES_GCM, associatedData, canonicalTail, ENVELOPE_VERSION, openBox, sealBox, tampered, type EnvelopeContext } from './envelope';

/**
 * What the backend stores for one record: the record key wrapped under the data key, then the
 * record body under the record key, joined by "~" (outside the base64url alphabet and the
 * envelope's "." separator):
 *
 *   kh1.a256gcm.<n>.<c>.<t>~kh1.a256gcm.<n>.<c>.<t>
 *
 * Both halves carry the record id in their associated data, so neither half (nor the whole)
 * opens under another record's id.
 */
export const RECORD_ENVELOPE_SEPARATOR = '~';

/** A record key and the two nonces, drawn together. */
const RANDOM_PER_RECORD = KEY_BYTES + 2 * NONCE_BYTES;

/** `plaintext` may be the record's JSON text: the cipher reads it as UTF-8 without a copy into a Buffer first. */
export function sealRecord(dataKey: Uint8Array, recordId: string, plaintext: Uint8Array | string): string {
  // The record key and nonces are lent views of the CSPRNG pool, zeroed once both halves are sealed.
  return withPooledRandom(RANDOM_PER_RECORD, (random) => {
    const recordKey = random.subarray(0, KEY_BYTES);
    const wrappedKey = sealBox(dataKey, recordKey, recordKeyContext(recordId), random.subarray(KEY_BYTES, KEY_BYTES + NONCE_BYTES));
    const body = sealBox(recordKey, plaintext, recordContext(recordId), random.subarray(KEY_BYTES + NONCE_BYTES));
    return `${wrappedKey}${RECORD_ENVELOPE_SEPARATOR}${body}`;
  });
}

/**
 * The canonical record envelope, whole: the wrapped key half has fixed lengths (12-byte nonce,
 * 32-byte key, 16-byte tag: 16, 43 and 22 characters), the body half fixed nonce and tag. A last
 * character is one whose unused low bits are zero (43 characters leave two, 22 leave four), as
 * `canonicalTail` requires. Unlock opens every record of the vault, so one match here replaces
 * two splits and six checks per record; an envelope that does not match takes the part-by-part
 * path of `openBox`, which names what is wrong.
 */
const B64 = '[A-Za-z0-9_-]';
const LAST_OF_3 = '[AEIMQUYcgkosw048]';
const LAST_OF_2 = '[AQgw]';
const HEAD = `${ENVELOPE_VERSION}\\.${ALG_AES_GCM}\\.`;
const CANONICAL_RECORD_ENVELOPE = new RegExp(
  `^${HEAD}${B64}{16}\\.${B64}{42}${LAST_OF_3}\\.${B64}{21}${LAST_OF_2}${RECORD_ENVELOPE_SEPARATOR}${HEAD}${B64}{16}\\.${B64}*\\.${B64}{21}${LAST_OF_2}$`,
);
/** Offsets in a canonical record envelope: "kh1.a256gcm." is 12 characters, the key half 95. */
const KEY_NONCE = 12;
const KEY_CIPHERTEXT = 29;
const KEY_TAG = 73;
const BODY_NONCE = 96 + 12;
const BODY_CIPHERTEXT = BODY_NONCE + 17;
const TAG_CHARS = 22;

export function openRecord(dataKey: Uint8Array, recordId: string, envelope: string): Buffer {
  if (typeof envelope === 'string' && CANONICAL_RECORD_ENVELOPE.test(envelope)) {
    const bodyCiphertext = envelope.slice(BODY_CIPHERTEXT, envelope.length - TAG_CHARS - 1);
    if (canonicalTail(bodyCiphertext)) return openCanonicalRecord(dataKey, recordId, envelope, bodyCiphertext);
  }
  const parts = typeof envelope === 'string' ? envelope.split(RECORD_ENVELOPE_SEPARATOR) : [];
  const [wrappedKey, body] = parts;
  if (parts.length !== 2 || wrappedKey === undefined || body === undefined) {
    throw tampered(recordContext(recordId), 'malformed record envelope');
  }
  const recordKey = openBox(dataKey, wrappedKey, recordKeyContext(recordId));
  try {
    if (recordKey.length !== KEY_BYTES) throw tampered(recordKeyContext(recordId), 'wrong key length');
    return openBox(recordKey, body, recordContext(recordId));
  } finally {
    recordKey.fill(0);
  }
}

function openCanonicalRecord(dataKey: Uint8Array, recordId: string, envelope: string, bodyCiphertext: string): Buffer {
  let recordKey: Buffer;
  try {
    recordKey = aesGcmDecrypt(
      dataKey,
      Buffer.from(envelope.slice(KEY_NONCE, KEY_CIPHERTEXT - 1), 'base64url'),
      Buffer.from(envelope.slice(KEY_CIPHERTEXT, KEY_TAG - 1), 'base64url'),
      Buffer.from(envelope.slice(KEY_TAG, KEY_TAG + TAG_CHARS), 'base64url'),
      associatedData(ALG_AES_GCM, recordKeyContext(recordId), []),
    );
  } catch (cause) {
    throw tampered(recordKeyContext(recordId), 'authentication failed', cause);
  }
  try {
    return aesGcmDecrypt(
      recordKey,
      Buffer.from(envelope.slice(BODY_NONCE, BODY_CIPHERTEXT - 1), 'base64url'),
      Buffer.from(bodyCiphertext, 'base64url'),
      Buffer.from(envelope.slice(envelope.length - TAG_CHARS), 'base64url'),
      associatedData(ALG_AES_GCM, recordContext(recordId), []),
    );
  } catch (cause) {
    throw tampered(recordContext(recordId), 'authentication failed', cause);
  } finally {
    recordKey.fill(0);
  }
}

export function recordContext(recordId: string): EnvelopeContext {
  return { purpose: 'record', subject: recordId };
}

export function recordKeyContext(recordId: string): EnvelopeContext {
  return { purpose: 'record-key', subject: recordId };
}
