import { z } from 'zod';
import { channel, id, type Wire } from './wire';

/** Importing a password export: preview (nothing written), run, cancel. */

const problems = z.array(z.object({ line: z.number(), message: z.string() }));

const importPreviewSchema = z.object({
  importId: z.string(),
  format: z.string(),
  formatLabel: z.string(),
  candidates: z.array(z.object({ id: z.string(), label: z.string(), confidence: z.number() })),
  rows: z.number(),
  counts: z.object({
    logins: z.number(),
    notes: z.number(),
    cards: z.number(),
    identities: z.number(),
    folders: z.number(),
    totp: z.number(),
    duplicates: z.number(),
    /** Rows that will not be imported (errors + skipped) and imported rows that lost something (warnings). */
    problems: z.number(),
    /** With duplicates 'skip', re-importing: new items, vault items updated in place, and items left alone (edited since, unchanged, or duplicated in the file). */
    added: z.number(),
    updated: z.number(),
    leftAlone: z.number(),
  }),
  problems,
  /** Generic CSV only: the header row and the guessed mapping the user may change. */
  mapping: z.object({ headers: z.array(z.string()), guess: z.record(z.string(), z.string().nullable()) }).nullable(),
});
export type ImportPreview = Wire<z.infer<typeof importPreviewSchema>>;

export const importSummarySchema = z.object({
  importId: z.string(),
  rows: z.number(),
  imported: z.number(),
  /** Of `imported`, vault items updated in place (matched, not edited since they were saved). */
  updated: z.number(),
  duplicates: z.number(),
  reported: z.number(),
  cancelled: z.boolean(),
  problems,
});

export const importProgressSchema = z.object({ importId: z.string(), done: z.number(), total: z.number() });

export const IMPORT_CHANNELS = {
  previewImport: channel(
    z
      .object({
        fileName: z.string().max(1_000),
        // ~50 MiB of file as base64; the importer enforces its own cap with a clear message.
        dataBase64: z.string().max(70 * 1024 * 1024),
        format: z.string().max(50).nullable(),
        password: z.string().max(1_000).nullable(),
        mapping: z.record(z.string(), z.string().nullable()).nullable(),
      })
      .strict(),
    importPreviewSchema,
  ),
  runImport: channel(z.object({ importId: id, duplicates: z.enum(['skip', 'import']) }).strict(), importSummarySchema),
  cancelImport: channel(z.object({ importId: id }).strict(), z.object({ cancelled: z.boolean() })),
};
