import { z } from 'zod';

/**
 * One vault record as the user sees it. It exists in clear only in the main process memory of
 * an unlocked vault; on the wire and at rest it is the JSON of this object inside a record
 * envelope.
 */
export const RECORD_TYPES = ['login', 'note', 'card', 'identity'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

/** Ids go into envelope associated data and URLs; keep them to a safe alphabet. */
export const recordIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'record ids are 1-64 characters of A-Z a-z 0-9 _ -');

const customFieldSchema = z
  .object({
    name: z.string().max(200),
    value: z.string().max(10_000),
    hidden: z.boolean(),
  })
  .strict();

export const vaultRecordSchema = z
  .object({
    id: recordIdSchema,
    type: z.enum(RECORD_TYPES),
    title: z.string().max(500),
    username: z.string().max(1_000),
    password: z.string().max(10_000),
    urls: z.array(z.string().max(2_000)).max(100),
    notes: z.string().max(100_000),
    folder: z.string().max(500).nullable(),
    totp: z.string().max(2_000).nullable(),
    fields: z.array(customFieldSchema).max(200),
    favorite: z.boolean(),
    createdAt: z.iso.datetime({ offset: true }),
    updatedAt: z.iso.datetime({ offset: true }),
  })
  .strict();

export type VaultRecord = z.infer<typeof vaultRecordSchema>;
export type CustomField = z.infer<typeof customFieldSchema>;

/**
 * What `save` accepts: no id means "add"; missing fields take empty defaults; timestamps are set
 * by the service (createdAt kept on edit unless an importer supplies the original one).
 */
export const recordInputSchema = z
  .object({
    id: recordIdSchema.optional(),
    type: z.enum(RECORD_TYPES).default('login'),
    title: vaultRecordSchema.shape.title.default(''),
    username: vaultRecordSchema.shape.username.default(''),
    password: vaultRecordSchema.shape.password.default(''),
    urls: vaultRecordSchema.shape.urls.default([]),
    notes: vaultRecordSchema.shape.notes.default(''),
    folder: vaultRecordSchema.shape.folder.default(null),
    totp: vaultRecordSchema.shape.totp.default(null),
    fields: vaultRecordSchema.shape.fields.default([]),
    favorite: z.boolean().default(false),
    createdAt: vaultRecordSchema.shape.createdAt.optional(),
    updatedAt: vaultRecordSchema.shape.updatedAt.optional(),
  })
  .strict();

export type VaultRecordInput = z.input<typeof recordInputSchema>;
