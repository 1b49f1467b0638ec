import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RECORD_LIMITS, RECORD_TYPES } from '../../../main/shared/record-limits';
import { vaultRecordSchema } from '../../../main/shared/vault-record-schema';
import { recordInputSchema } from '../../../main/vault/record';
import { completeRecordInput, isStoredRecord } from '../../../main/vault/stored-record-check';

/** The definition: what unlock accepted before the plain check existed. */
const stored = vaultRecordSchema.loose();

/** Lengths at and just past each limit, and short ones. */
const sized = (max: number): fc.Arbitrary<string> => fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(max, max + 1).map((n) => 'x'.repeat(n)));
/** Short lists of any items, and lists at and past the limit of one small valid item. */
const listOf = <T>(item: fc.Arbitrary<T>, small: T, max: number): fc.Arbitrary<T[]> =>
  fc.oneof(fc.array(item, { maxLength: 3 }), fc.constantFrom(max, max + 1).map((n) => Array.from({ length: n }, () => small)));
const timestamp = fc.oneof(
  fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2999-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom('2026-01-01T00:00:00Z', '2026-01-01T00:00:00+02:00', '2024-02-29T12:00:00.5-05:30', '2023-02-29T12:00:00Z', '2026-01-01', '2026-01-01T24:00:00Z', '2026-13-01T00:00:00Z', ''),
);
const field = fc.record({ name: sized(RECORD_LIMITS.fieldNameLength), value: sized(RECORD_LIMITS.fieldValueLength), hidden: fc.boolean() });
const record = fc.record({
  id: fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/), fc.constantFrom('', 'a'.repeat(65), 'rec 1', 'réc', 'rec-1\n')),
  type: fc.oneof(fc.constantFrom(...RECORD_TYPES), fc.constantFrom('Login', 'secret', '')),
  title: sized(RECORD_LIMITS.titleLength),
  username: sized(RECORD_LIMITS.usernameLength),
  password: sized(RECORD_LIMITS.passwordLength),
  urls: listOf(sized(RECORD_LIMITS.urlLength), 'https://a.test', RECORD_LIMITS.urls),
  notes: sized(RECORD_LIMITS.notesLength),
  folder: fc.option(sized(RECORD_LIMITS.folderLength), { nil: null }),
  totp: fc.option(sized(RECORD_LIMITS.totpLength), { nil: null }),
  fields: listOf(field, { name: 'n', value: 'v', hidden: false }, RECORD_LIMITS.fields),
  favorite: fc.boolean(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

/** A record with one key removed, replaced by any JSON value, or one extra key (at the top or in a field). */
const altered = fc.tuple(record, fc.nat(), fc.jsonValue(), fc.constantFrom('drop', 'replace', 'extra', 'extra-in-field')).map(([r, at, value, how]) => {
  const copy: Record<string, unknown> = JSON.parse(JSON.stringify(r));
  const key = Object.keys(copy)[at % Object.keys(copy).length]!;
  if (how === 'drop') delete copy[key];
  if (how === 'replace') copy[key] = value;
  if (how === 'extra') copy.addedByANewerVersion = value;
  if (how === 'extra-in-field') copy.fields = [{ name: 'n', value: 'v', hidden: false, more: value }];
  return copy;
});

function agreesWithSchema(json: unknown): void {
  const fromSchema = stored.safeParse(json);
  if (isStoredRecord(json)) {
    expect(fromSchema.success).toBe(true);
    expect(json).toEqual(fromSchema.data);
  }
  if (fromSchema.success) expect(isStoredRecord(json)).toBe(true);
}

describe('the plain record check at unlock accepts exactly what the record schema accepts', () => {
  it('for records at and past every limit, with valid and invalid ids, types and timestamps', () => {
    fc.assert(fc.property(record, (r) => agreesWithSchema(JSON.parse(JSON.stringify(r)))), { numRuns: 500 });
  });

  it('for records with a key missing, of the wrong kind, or added', () => {
    fc.assert(fc.property(altered, agreesWithSchema), { numRuns: 500 });
  });

  it('for any JSON at all', () => {
    fc.assert(fc.property(fc.jsonValue(), agreesWithSchema), { numRuns: 500 });
  });

  it('keeps keys a newer version added, as the schema does', () => {
    const json = { id: 'r1', type: 'login', title: '', username: '', password: '', urls: [], notes: '', folder: null, totp: null, fields: [], favorite: false, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', passkeys: ['k'] };
    expect(isStoredRecord(json)).toBe(true);
    expect(stored.parse(json)).toEqual(json);
  });
});

/** Inputs as `save` gets them: the record's fields, the id and timestamps each given or left out. */
const input = fc.tuple(record, fc.boolean(), fc.boolean(), fc.boolean()).map(([r, withId, withCreated, withUpdated]) => {
  const copy: Record<string, unknown> = JSON.parse(JSON.stringify(r));
  if (!withId) delete copy.id;
  if (!withCreated) delete copy.createdAt;
  if (!withUpdated) delete copy.updatedAt;
  return copy;
});
const alteredInput = fc.tuple(input, fc.nat(), fc.jsonValue(), fc.constantFrom('drop', 'replace', 'undefined', 'extra', 'extra-in-field')).map(([r, at, value, how]) => {
  const copy: Record<string, unknown> = { ...r };
  const key = Object.keys(copy)[at % Object.keys(copy).length]!;
  if (how === 'drop') delete copy[key];
  if (how === 'replace') copy[key] = value;
  if (how === 'undefined') copy[key] = undefined;
  if (how === 'extra') copy.addedByANewerVersion = value;
  if (how === 'extra-in-field') copy.fields = [{ name: 'n', value: 'v', hidden: false, more: value }];
  return copy;
});

/** Never looser than the schema, the same answer when it answers, and it answers every complete valid input. */
function inputAgreesWithSchema(value: Record<string, unknown>): void {
  const fromSchema = recordInputSchema.safeParse(value);
  const plain = completeRecordInput(value);
  if (plain !== null) {
    expect(fromSchema.success).toBe(true);
    expect(plain).toStrictEqual(fromSchema.data);
    expect(Object.keys(plain)).toEqual(Object.keys(fromSchema.data!));
  }
  const complete = ['type', 'title', 'username', 'password', 'urls', 'notes', 'folder', 'totp', 'fields', 'favorite'].every((k) => value[k] !== undefined);
  if (fromSchema.success && complete && Object.values(value).every((v) => v !== undefined)) expect(plain).not.toBeNull();
}

describe('the plain check of a record to save accepts what the input schema accepts, when the input is complete', () => {
  it('for complete inputs at and past every limit, with and without id and timestamps', () => {
    fc.assert(fc.property(input, inputAgreesWithSchema), { numRuns: 500 });
  });

  it('for inputs with a key missing, undefined, of the wrong kind, or added', () => {
    fc.assert(fc.property(alteredInput, inputAgreesWithSchema), { numRuns: 500 });
  });

  it('for any JSON object at all', () => {
    fc.assert(fc.property(fc.dictionary(fc.string(), fc.jsonValue()), inputAgreesWithSchema), { numRuns: 300 });
  });

  it('answers a copy: changing the input afterwards does not change what is saved', () => {
    const given = { type: 'login', title: 't', username: '', password: '', urls: ['https://a.test'], notes: '', folder: null, totp: null, fields: [{ name: 'n', value: 'v', hidden: true }], favorite: false };
    const checked = completeRecordInput(given)!;
    given.urls.push('https://b.test');
    given.fields[0]!.value = 'changed';
    expect(checked.urls).toEqual(['https://a.test']);
    expect(checked.fields).toEqual([{ name: 'n', value: 'v', hidden: true }]);
  });
});
