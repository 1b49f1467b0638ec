import { z } from 'zod';
import { RECORD_LIMITS, RECORD_TYPES } from './record-limits';

/**
 * The shape of one vault record, written once: the vault checks every record it saves or
 * decrypts against it, the IPC contract checks every record the renderer sends against it, and
 * the renderer reads the limits (record-limits.ts, without zod). The backend never sees a record
 * in clear (it stores envelopes), so these limits are the vault's.
 */

/** Ids go into envelope associated data and URLs; keep them to a safe alphabet. */
export const RECORD_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const recordIdSchema = z.string().regex(RECORD_ID_PATTERN, 'record ids are 1-64 characters of A-Z a-z 0-9 _ -');

/** When a record was created and last changed: ISO 8601 with a time zone offset or Z. */
export const recordTimestampSchema = z.iso.datetime({ offset: true });

export const customFieldSchema = z
  .object({
    name: z.string().max(RECORD_LIMITS.fieldNameLength),
    value: z.string().max(RECORD_LIMITS.fieldValueLength),
    hidden: z.boolean(),
  })
  .strict();

export const vaultRecordSchema = z
  .object({
    id: recordIdSchema,
    type: z.enum(RECORD_TYPES),
    title: z.string().max(RECORD_LIMITS.titleLength),
    username: z.string().max(RECORD_LIMITS.usernameLength),
    password: z.string().max(RECORD_LIMITS.passwordLength),
    urls: z.array(z.string().max(RECORD_LIMITS.urlLength)).max(RECORD_LIMITS.urls),
    notes: z.string().max(RECORD_LIMITS.notesLength),
    folder: z.string().max(RECORD_LIMITS.folderLength).nullable(),
    totp: z.string().max(RECORD_LIMITS.totpLength).nullable(),
    fields: z.array(customFieldSchema).max(RECORD_LIMITS.fields),
    favorite: z.boolean(),
    createdAt: recordTimestampSchema,
    updatedAt: recordTimestampSchema,
  })
  .strict();

/** What the app sends to save: every field of a record, no timestamps; no id means "add". */
export const recordDraftSchema = vaultRecordSchema.omit({ id: true, createdAt: true, updatedAt: true }).extend({ id: recordIdSchema.optional() }).strict();
