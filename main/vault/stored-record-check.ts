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
  return isRecordId(r.id) && hasValidContent(r) && isTimestamp(r.createdAt) && isTimestamp(r.updatedAt);
}

/** Every field of a record but its id and timestamps, as the record schema checks them. */
function hasValidContent(r: Record<string, unknown>): boolean {
  return (
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
    typeof r.favorite === 'boolean'
  );
}

function isRecordId(value: unknown): boolean {
  return typeof value === 'string' && RECORD_ID_PATTERN.test(value);
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

const INPUT_KEYS = new Set(['id', 'type', 'title', 'username', 'password', 'urls', 'notes', 'folder', 'totp', 'fields', 'favorite', 'createdAt', 'updatedAt']);
const OPTIONAL_INPUT_KEYS = ['id', 'createdAt', 'updatedAt'] as const;

/** A record input as `recordInputSchema` answers it: every field, the id and timestamps if given. */
export type CheckedRecordInput = Omit<VaultRecord, (typeof OPTIONAL_INPUT_KEYS)[number]> & Partial<Pick<VaultRecord, (typeof OPTIONAL_INPUT_KEYS)[number]>>;

/**
 * What `recordInputSchema.parse` answers for `value` when it is a complete input — every field
 * given (as importers and the app give them), the id and timestamps given or left out, no other
 * key — and null for anything else, which is then zod's to decide and word. Import checks every
 * record it stores, and this is that check without zod's per-key machinery. As `isStoredRecord`,
 * it may only be stricter than the schema; its answer is a copy (lists and fields too) in the
 * schema's key order, equal to zod's. `test/unit/vault/stored-record-check.test.ts` holds the
 * two together.
 */
export function completeRecordInput(value: unknown): CheckedRecordInput | null {
  if (!isPlainObject(value)) return null;
  const r = value as Record<string, unknown>;
  for (const key in r) if (!Object.hasOwn(r, key) || !INPUT_KEYS.has(key)) return null;
  for (const key of OPTIONAL_INPUT_KEYS) if (key in r && r[key] === undefined) return null;
  const valid =
    (r.id === undefined || isRecordId(r.id)) &&
    hasValidContent(r) &&
    (r.createdAt === undefined || isTimestamp(r.createdAt)) &&
    (r.updatedAt === undefined || isTimestamp(r.updatedAt));
  if (!valid) return null;
  const fields = (r.fields as { name: string; value: string; hidden: boolean }[]).map((f) => ({ name: f.name, value: f.value, hidden: f.hidden }));
  return {
    ...(r.id === undefined ? {} : { id: r.id as string }),
    type: r.type as VaultRecord['type'],
    title: r.title as string,
    username: r.username as string,
    password: r.password as string,
    urls: [...(r.urls as string[])],
    notes: r.notes as string,
    folder: r.folder as string | null,
    totp: r.totp as string | null,
    fields,
    favorite: r.favorite as boolean,
    ...(r.createdAt === undefined ? {} : { createdAt: r.createdAt as string }),
    ...(r.updatedAt === undefined ? {} : { updatedAt: r.updatedAt as string }),
  };
}
