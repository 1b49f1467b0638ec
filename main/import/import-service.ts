import { randomUUID } from 'node:crypto';
import type { ImportPreview, ImportSummary } from '../../preload/contract';
import { AppError } from '../errors/app-error';
import type { Logger } from '../log/logger';
import type { VaultService } from '../vault/vault-service';
import { importFormatLabel } from './format-labels';
import { createImportJob } from './import-job';
import type { ImportedRecord, ParseResult } from './imported-record';
import type { ImportParser } from './parse-off-thread';
import { listedProblems, problemCount } from './listed-problems';
import { previewImport, type MergePlan } from './preview-import';

/**
 * What an imported record hands to the vault's `saveMany`: its fields without `line`. The lists
 * are not copied here: `saveMany` checks each record (`prepareRecord`: the plain check of a
 * complete input, else the record schema), and both answer new lists and field objects, so the
 * vault never shares them with the parse result.
 */
export function vaultFields(record: ImportedRecord) {
  return {
    type: record.type,
    title: record.title,
    username: record.username,
    password: record.password,
    urls: record.urls,
    notes: record.notes,
    folder: record.folder,
    totp: record.totp,
    fields: record.fields,
    favorite: record.favorite,
  };
}

export interface ImportServiceDeps {
  readonly vault: () => { vault: VaultService; allowImport: boolean };
  readonly onProgress: (progress: { importId: string; done: number; total: number }) => void;
  readonly logger: Logger;
  readonly batchSize?: number;
  /** Detection and parsing, off the main thread (parse-off-thread.ts) in the app. */
  readonly parse: ImportParser;
}

export interface ImportService {
  preview(input: {
    dataBase64: string;
    format: string | null;
    password: string | null;
    mapping: Readonly<Record<string, string | null>> | null;
  }): Promise<ImportPreview>;
  run(input: { importId: string; duplicates: 'skip' | 'import' }): Promise<ImportSummary>;
  /**
   * Ends the import `importId` between batches, or with PREVIEW_IMPORT_ID the files still being
   * read (their worker threads are terminated).
   */
  cancel(importId: string): boolean;
}

/** The id `cancel` takes for "the file being read now" (a preview has no import id until it is read). */
export const PREVIEW_IMPORT_ID = 'preview';

/**
 * Records sealed and stored per step of an import (one write to the vault, one progress report).
 * A batch's records, ids and envelopes stay alive while it is sealed; the larger the batch, the
 * more of them a young-generation collection finds alive and moves to the old generation (over
 * 100,000 rows: 19 MB at 1,000 per batch, 3 MB at 200; test/bench/README.md, import-100k).
 */
export const IMPORT_BATCH_SIZE = 200;

interface Prepared {
  readonly result: ParseResult;
  readonly duplicates: ReadonlySet<ImportedRecord>;
  readonly merge: MergePlan;
}

/**
 * Import into the signed-in user's vault: parse (main process, never the renderer), preview,
 * then encrypt and store in batches with deterministic record ids, so a crash or cancel leaves
 * whole batches only and a re-run never duplicates.
 */
export function createImportService(deps: ImportServiceDeps): ImportService {
  const prepared = new Map<string, Prepared>();
  const running = new Map<string, AbortController>();
  const reading = new Set<AbortController>();

  function allowed(): VaultService {
    const { vault, allowImport } = deps.vault();
    if (!allowImport) throw new AppError('import_not_allowed', 'Your role’s policy does not allow importing passwords.');
    return vault;
  }

  return {
    async preview(input) {
      const vault = allowed();
      const bytes = Buffer.from(input.dataBase64, 'base64');
      // A new file replaces one still being read: its worker is ended, not left running.
      for (const earlier of reading) earlier.abort();
      const parsing = new AbortController();
      reading.add(parsing);
      let parsed;
      try {
        parsed = await deps.parse({ bytes, format: input.format, password: input.password, mapping: input.mapping }, { signal: parsing.signal });
      } finally {
        reading.delete(parsing);
      }
      const { result, candidates, mapping } = parsed;
      const counts = previewImport(result, vault.list());
      const importId = randomUUID();
      prepared.set(importId, { result, duplicates: new Set(counts.duplicateRecords.map((d) => d.record)), merge: counts.merge });
      const problems = listedProblems(result);
      return {
        importId,
        format: result.format,
        formatLabel: importFormatLabel(result.format),
        candidates: candidates.map((c) => ({ id: c.id, label: importFormatLabel(c.id), confidence: c.confidence })),
        rows: result.rows,
        counts: {
          logins: counts.logins,
          notes: counts.notes,
          cards: counts.cards,
          identities: counts.identities,
          folders: counts.folders,
          totp: counts.totp,
          duplicates: counts.duplicates,
          problems: counts.problems,
          added: counts.merge.added.length,
          updated: counts.merge.updated.length,
          leftAlone: counts.merge.leftAlone.length,
        },
        problems,
        mapping,
      };
    },
    async run({ importId, duplicates }) {
      const vault = allowed();
      const job = prepared.get(importId);
      if (!job) throw new AppError('not_found', 'This import was already run or has expired. Choose the file again.');
      prepared.delete(importId);
      // 'skip' merges: new records are added, matches not edited since they were saved are updated
      // in place (their vault id), the rest is left alone. 'import' adds every record.
      const toImport = duplicates === 'skip' ? [...job.merge.added] : job.result.records;
      const updates = duplicates === 'skip' ? job.merge.updated : [];
      const skippedDuplicates = job.result.records.length - toImport.length - updates.length;
      const controller = new AbortController();
      running.set(importId, controller);
      const reported = problemCount(job.result);
      let imported = 0;
      let updated = 0;
      let cancelled = false;
      try {
        const batches = createImportJob(
          { ...job.result, records: toImport },
          // No importId: it defaults to a hash of the parsed file, so the record ids are the same
          // on every run and a re-run after a crash overwrites instead of duplicating.
          { batchSize: deps.batchSize ?? IMPORT_BATCH_SIZE, signal: controller.signal },
        );
        const total = toImport.length + updates.length;
        deps.onProgress({ importId, done: 0, total });
        if (updates.length > 0) {
          controller.signal.throwIfAborted();
          await vault.saveMany(updates.map(({ record, id }) => ({ id, ...vaultFields(record) })), { batchSize: updates.length });
          updated = updates.length;
          imported += updated;
          deps.onProgress({ importId, done: imported, total });
        }
        for await (const batch of batches) {
          await vault.saveMany(
            batch.records.map(({ id, record }) => ({ id, ...vaultFields(record) })),
            { batchSize: batch.records.length },
          );
          imported += batch.records.length;
          deps.onProgress({ importId, done: imported, total });
          // Let IPC and other work run between batches.
          await new Promise((resolve) => setImmediate(resolve));
        }
      } catch (err) {
        if (!controller.signal.aborted) throw err;
        cancelled = true;
      } finally {
        running.delete(importId);
      }
      deps.logger.info({ importId, imported, updated, skippedDuplicates, reported, cancelled }, 'import finished');
      return {
        importId,
        rows: job.result.rows,
        imported,
        updated,
        duplicates: skippedDuplicates,
        reported,
        cancelled,
        problems: listedProblems(job.result),
      };
    },
    cancel(importId) {
      if (importId === PREVIEW_IMPORT_ID) {
        const any = reading.size > 0;
        for (const parsing of reading) parsing.abort();
        return any;
      }
      const controller = running.get(importId);
      controller?.abort();
      return controller !== undefined;
    },
  };
}
