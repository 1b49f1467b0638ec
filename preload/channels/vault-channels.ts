import { z } from 'zod';
import { RECORD_LIMITS, RECORD_PAGE_SIZE } from '../../main/shared/record-limits';
import { listCountsSchema, listFilterSchema } from '../../main/shared/record-list-schema';
import { customFieldSchema, recordDraftSchema, vaultRecordSchema } from '../../main/shared/vault-record-schema';
import { sessionViewSchema } from './session-channels';
import { channel, id, masterPassword, none, type Wire } from './wire';

/** The vault: create, unlock, lock, and the records in it (their shape: main/shared/vault-record-schema.ts). */

export type VaultRecord = Wire<z.infer<typeof vaultRecordSchema>>;
export type VaultRecordDraft = Wire<z.infer<typeof recordDraftSchema>>;
export type VaultField = Wire<z.infer<typeof customFieldSchema>>;
export type ListFilter = Wire<z.infer<typeof listFilterSchema>>;
export type ListCounts = Wire<z.infer<typeof listCountsSchema>>;

export const passwordCheckSchema = z.object({
  ok: z.boolean(),
  unmet: z.array(z.string()),
  score: z.literal([0, 1, 2, 3, 4]),
  label: z.string(),
});

export const VAULT_CHANNELS = {
  checkMasterPassword: channel(z.object({ password: z.string().max(1_000) }).strict(), passwordCheckSchema),
  createVault: channel(z.object({ masterPassword }).strict(), sessionViewSchema),
  unlockVault: channel(z.object({ masterPassword }).strict(), sessionViewSchema),
  lockVault: channel(none, sessionViewSchema),
  /**
   * One page of the vault list: the records a search (and the sidebar's filter) matches, in the
   * list's order, `offset` of them skipped; `total` is how many match, `counts` the sidebar's
   * counts over the search's matches, `selected` the record `selectedId` names while the search
   * matches it. Omitted: every record (`all`), from the first, `RECORD_PAGE_SIZE.default` of them.
   */
  listRecords: channel(
    z
      .object({
        query: z.string().max(500),
        filter: listFilterSchema.optional(),
        offset: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
        limit: z.number().int().min(1).max(RECORD_PAGE_SIZE.max).optional(),
        selectedId: id.nullable().optional(),
      })
      .strict(),
    z.object({ records: z.array(vaultRecordSchema), total: z.number().int(), counts: listCountsSchema, selected: vaultRecordSchema.nullable() }),
  ),
  saveRecord: channel(z.object({ record: recordDraftSchema }).strict(), vaultRecordSchema),
  deleteRecord: channel(z.object({ id }).strict(), z.object({ id: z.string() })),
  restoreRecord: channel(z.object({ id }).strict(), vaultRecordSchema),
  /** Moves items between folders (rename, delete a folder keeping its items, move): one atomic save. */
  setFolders: channel(
    z.object({ changes: z.array(z.object({ id, folder: z.string().trim().min(1).max(RECORD_LIMITS.folderLength).nullable() }).strict()).min(1).max(100_000) }).strict(),
    z.object({ saved: z.number() }),
  ),
  /**
   * Every item in the folder `from` or below it moves to `to`, keeping its subfolder path (a
   * rename), or out of any folder when `to` is null (deleting a folder keeps its items): one atomic save.
   */
  moveFolder: channel(
    z.object({ from: z.string().trim().min(1).max(RECORD_LIMITS.folderLength), to: z.string().trim().min(1).max(RECORD_LIMITS.folderLength).nullable() }).strict(),
    z.object({ saved: z.number() }),
  ),
  generatePassword: channel(none, z.object({ password: z.string() })),
  /**
   * Electron: main writes the system clipboard and clears it (`text` is null). Web host: main has
   * no clipboard of the person's, so `text` is returned for the page to write and clear itself.
   */
  copyToClipboard: channel(
    z.object({ recordId: id, field: z.enum(['username', 'password', 'totp']) }).strict(),
    z.object({ clearsInSeconds: z.number(), text: z.string().nullable() }),
  ),
  /** The person typed, clicked or scrolled: the policy's idle lock counts from the last one. */
  noteActivity: channel(none, z.object({ noted: z.literal(true) })),
  totpCode: channel(z.object({ recordId: id }).strict(), z.object({ code: z.string(), secondsLeft: z.number() })),
  /** Records whose stored envelope failed its integrity check: not listed, reported by id. */
  listDamagedRecords: channel(none, z.array(z.object({ id: z.string(), message: z.string() }))),
};
