import { RECORD_LIMITS, RECORD_TYPES } from '../shared/record-limits';
import { RECORD_ID_PATTERN, recordTimestampSchema } from '../shared/vault-record-schema';
import type { VaultRecord } from './record';

/**
 * True when `value` — a record as `JSON.parse` made it — passes `vaultRecordSchema.loose()`.
 *
 * Unlock checks every record of the vault, and zod's parse both checks and copies each one. This
 * is the same check written as plain comparisons, reading the schema's own limits, id pattern and
 * timestamp pattern, and it keeps the parsed object instead of copying it. It may only ever be
 * stricter than the schema, never looser: a record it refuses is handed to zod, whose answer (and
 * error message) stands. `test/unit/vault/stored-record-check.test.ts` holds the two together.
 */
export function isStoredRecord(value: unknown): value is VaultRecord {
  if (!isPlainObject(value)) return false;
  const r = value as Record<string, unknown>;
  return (
    typeof r.id === 'string' &&
    RECORD_ID_PATTERN.test(r.id) &&
    typeof r.type === 'string' &&
    (RECORD_TYPES as readonly string[]).includes(r.type) &&
    isString(r.title, RECORD_LIMITS.titleLength) &&
    isString(r.username, RECORD_LIMITS.usernameLength) &&
    isString(r.password, RECORD_LIMITS.passwordLength) &&
    areUrls(r.urls) &&
    isString(r.notes, RECORD_LIMITS.notesLength) &&
    (r.folder === null || isString(r.folder, RECORD_LIMITS.folderLength)) &&
    (r.totp === null || isString(r.totp, RECORD_LIMITS.totpLength)) &&
    areFields(r.fields) &&
    typeof r.favorite === 'boolean' &&
    isTimestamp(r.createdAt) &&
    isTimestamp(r.updatedAt)
  );
}

const TIMESTAMP = recordTimestampSchema.def.pattern;

function isTimestamp(value: unknown): boolean {
  // Without the schema's pattern there is nothing to compare with: zod decides.
  return typeof value === 'string' && TIMESTAMP !== undefined && TIMESTAMP.test(value);
}

function isString(value: unknown, max: number): boolean {
  return typeof value === 'string' && value.length <= max;
}

function isPlainObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function areUrls(value: unknown): boolean {
  if (!Array.isArray(value) || value.length > RECORD_LIMITS.urls) return false;
  for (const url of value) if (!isString(url, RECORD_LIMITS.urlLength)) return false;
  return true;
}

function areFields(value: unknown): boolean {
  if (!Array.isArray(value) || value.length > RECORD_LIMITS.fields) return false;
  for (const field of value) if (!isField(field)) return false;
  return true;
}

/** customFieldSchema is strict: exactly name, value and hidden. */
function isField(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  const f = value as Record<string, unknown>;
  let keys = 0;
  for (const key in f) {
    if (!Object.hasOwn(f, key)) return false;
    if (key !== 'name' && key !== 'value' && key !== 'hidden') return false;
    keys += 1;
  }
  return keys === 3 && isString(f.name, RECORD_LIMITS.fieldNameLength) && isString(f.value, RECORD_LIMITS.fieldValueLength) && typeof f.hidden === 'boolean';
}
