import { KEY_BYTES, randomKey } from './aes-gcm';
import { openBox, sealBox, tampered, type EnvelopeContext } from './envelope';

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

export function sealRecord(dataKey: Uint8Array, recordId: string, plaintext: Uint8Array): string {
  const recordKey = randomKey();
  try {
    const wrappedKey = sealBox(dataKey, recordKey, recordKeyContext(recordId));
    const body = sealBox(recordKey, plaintext, recordContext(recordId));
    return `${wrappedKey}${RECORD_ENVELOPE_SEPARATOR}${body}`;
  } finally {
    recordKey.fill(0);
  }
}

export function openRecord(dataKey: Uint8Array, recordId: string, envelope: string): Buffer {
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

export function recordContext(recordId: string): EnvelopeContext {
  return { purpose: 'record', subject: recordId };
}

export function recordKeyContext(recordId: string): EnvelopeContext {
  return { purpose: 'record-key', subject: recordId };
}
