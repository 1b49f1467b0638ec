import { KEY_BYTES } from './aes-gcm';
import { openBox, sealBox, tampered } from './envelope';
import { RECORD_ENVELOPE_SEPARATOR, recordKeyContext } from './record-envelope';

/**
 * Key rotation: the record key, unwrapped with the old data key, wrapped again with the new one.
 * The record body (under the record key) is not touched, so rotating a large vault re-encrypts
 * 32 bytes per record.
 */
export function rewrapRecordKey(oldDataKey: Uint8Array, newDataKey: Uint8Array, recordId: string, envelope: string): string {
  const wrappedKey = envelope.split(RECORD_ENVELOPE_SEPARATOR)[0];
  const context = recordKeyContext(recordId);
  if (wrappedKey === undefined || !envelope.includes(RECORD_ENVELOPE_SEPARATOR)) throw tampered(context, 'malformed record envelope');
  const recordKey = openBox(oldDataKey, wrappedKey, context);
  try {
    if (recordKey.length !== KEY_BYTES) throw tampered(context, 'wrong key length');
    return sealBox(newDataKey, recordKey, context);
  } finally {
    recordKey.fill(0);
  }
}
