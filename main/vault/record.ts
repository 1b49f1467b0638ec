import { z } from 'zod';
import { RECORD_TYPES } from '../shared/record-limits';
import { recordIdSchema, vaultRecordSchema } from '../shared/vault-record-schema';

/**
 * One vault record as the user sees it (its schema and limits: main/shared/vault-record-schema.ts).
 * It exists in clear only in the main process memory of an unlocked vault; on the wire and at
 * rest it is the JSON of this object inside a record envelope.
 */
export type VaultRecord = z.infer<typeof vaultRecordSchema>;

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
