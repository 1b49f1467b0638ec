import { z } from 'zod';
import { RECORD_LIMITS, RECORD_TYPES } from './record-limits';

/**
 * The vault list a page at a time: which records the list shows (the sidebar's choice), how many
 * a page holds (RECORD_PAGE_SIZE, plain data in record-limits.ts: the renderer reads it and must
 * not pull zod into its bundle), and the counts the sidebar shows beside each choice. Written once
 * for the contract (preload/channels/vault-channels.ts) and the vault's pager.
 */

/** The sidebar's choice: every item, the favourites, one record type, or one folder (exactly; trimmed). */
export const listFilterSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }).strict(),
  z.object({ kind: z.literal('favorites') }).strict(),
  z.object({ kind: z.literal('type'), type: z.enum(RECORD_TYPES) }).strict(),
  z.object({ kind: z.literal('folder'), folder: z.string().max(RECORD_LIMITS.folderLength) }).strict(),
]);

/** Counts over every record the search matches, whatever the sidebar's choice. */
export const listCountsSchema = z.object({
  all: z.number().int(),
  favorites: z.number().int(),
  /** Records with no folder (or a blank one). */
  unfiled: z.number().int(),
  types: z.record(z.enum(RECORD_TYPES), z.number().int()),
  /** Each folder (trimmed) holding a matching record, in no particular order. */
  folders: z.array(z.object({ name: z.string(), count: z.number().int() })),
});
