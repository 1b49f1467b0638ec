import { AppError } from '../errors/app-error';
import type { ImportedRecord, ParseResult, RecordDraft, RowError, SkippedRow } from './imported-record';
import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from './import-limits';
import { createFolderPaths, type FolderPaths } from './folder-path';
import { buildRecord } from './record-builder';

/**
 * Accumulates one parse. Every input row goes through exactly one of `add`, `error` or
 * `skip`, which is what keeps `records + errors + skipped === rows` true by construction.
 */
export interface ResultCollector {
  add(line: number, draft: RecordDraft): void;
  /**
   * Like `add`, but the draft is worked out inside: if reading this one item throws (a value
   * no exporter writes), the item is one reported error and the rest of the file imports.
   */
  addFrom(line: number, read: () => RecordDraft | null, unsupported?: string): void;
  error(line: number, message: string): void;
  skip(line: number, reason: string): void;
  /** A folder that exists in the source even if no record lands in it. */
  declareFolder(path: string | null): void;
  /** `normaliseFolderPath` for this parse: each spelling worked out once, one string per folder. */
  readonly folderPath: FolderPaths;
  finish(): ParseResult;
}

/** Said instead of a value: errors name the column or field and the line, never what was in it. */
export const UNREADABLE_ITEM = 'This item could not be read (a value in it is not one an exporter writes)';

export function tooManyRows(limits: ImportLimits): AppError {
  return new AppError('file_too_large', `The file has more than ${limits.maxRows.toLocaleString('en-US')} rows or items; split it and import the parts.`);
}

export interface CollectorOptions {
  /** The source held bytes that were not valid UTF-8 (now U+FFFD): items containing U+FFFD are errors, not garbled records. */
  readonly invalidUtf8?: boolean;
}

export const INVALID_UTF8_ITEM = 'This item holds bytes that are not valid UTF-8 (the file is damaged there); it was not imported';

function holdsReplacementChar(draft: RecordDraft): boolean {
  const texts = [draft.title, draft.username, draft.password, draft.notes, draft.folder, draft.totp, ...(draft.urls ?? []), ...(draft.fields ?? []).flatMap((f) => [f.name, f.value])];
  return texts.some((t) => typeof t === 'string' && t.includes('\uFFFD'));
}

export function createResultCollector(format: string, limits: ImportLimits = DEFAULT_IMPORT_LIMITS, options: CollectorOptions = {}): ResultCollector {
  const records: ImportedRecord[] = [];
  const errors: RowError[] = [];
  const skipped: SkippedRow[] = [];
  const warnings: RowError[] = [];
  const folders = new Set<string>();
  const folderPath = createFolderPaths();
  let rows = 0;
  let errorCount = 0;
  let skippedCount = 0;
  let warningCount = 0;
  const count = (): void => {
    rows++;
    if (rows > limits.maxRows) throw tooManyRows(limits);
  };
  const error = (line: number, message: string): void => {
    count();
    errorCount++;
    if (errors.length < limits.maxListedProblems) errors.push({ line, message });
  };
  const add = (line: number, draft: RecordDraft): void => {
    let outcome: ReturnType<typeof buildRecord>;
    try {
      outcome = options.invalidUtf8 === true && holdsReplacementChar(draft) ? { error: INVALID_UTF8_ITEM } : buildRecord(draft, line, folderPath);
    } catch {
      outcome = { error: UNREADABLE_ITEM };
    }
    if ('error' in outcome) {
      error(line, outcome.error);
      return;
    }
    count();
    records.push(outcome.record);
    if (outcome.record.folder !== null) folders.add(outcome.record.folder);
    if (outcome.warning !== undefined) {
      warningCount++;
      if (warnings.length < limits.maxListedProblems) warnings.push({ line, message: outcome.warning });
    }
  };
  const skip = (line: number, reason: string): void => {
    count();
    skippedCount++;
    if (skipped.length < limits.maxListedProblems) skipped.push({ line, reason });
  };
  return {
    add,
    addFrom(line, read, unsupported = 'This item type is not supported yet') {
      let draft: RecordDraft | null;
      try {
        draft = read();
      } catch (err) {
        if (err instanceof AppError) throw err;
        error(line, UNREADABLE_ITEM);
        return;
      }
      if (draft === null) skip(line, unsupported);
      else add(line, draft);
    },
    error,
    skip,
    folderPath,
    declareFolder(path) {
      // The same normalisation as a record's folder, so one path is counted once.
      const canonical = folderPath(path, '/');
      if (canonical !== null) folders.add(canonical);
    },
    finish() {
      return { format, records, folders: [...folders].sort(), errors, skipped, errorCount, skippedCount, warnings, warningCount, rows };
    },
  };
}

export function notThisFormat(label: string, detail: string): AppError {
  return new AppError('unrecognized_format', `This file does not look like a ${label} export: ${detail}.`);
}
