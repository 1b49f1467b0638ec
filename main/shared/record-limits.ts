/** The record types, size limits and list page size of a vault record, as plain data the renderer may read (the schema: vault-record-schema.ts). */
export const RECORD_TYPES = ['login', 'note', 'card', 'identity'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

/**
 * Size limits of a record. One set for every boundary: a record the vault accepts (an import of
 * a login with 80 websites) can be edited and saved again from the app.
 */
export const RECORD_LIMITS = {
  titleLength: 500,
  usernameLength: 1_000,
  passwordLength: 10_000,
  urls: 100,
  urlLength: 2_000,
  notesLength: 100_000,
  folderLength: 500,
  totpLength: 2_000,
  fields: 200,
  fieldNameLength: 200,
  fieldValueLength: 10_000,
} as const;

/** Records per page of the vault list: the renderer asks for `default`; a request may ask up to `max`. */
export const RECORD_PAGE_SIZE = { default: 200, max: 1_000 } as const;
