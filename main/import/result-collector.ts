import { AppError } from '../errors/app-error';
import type { ImportedRecord, ParseResult, RecordDraft, RowError, SkippedRow } from './imported-record';
import { buildRecord } from './record-builder';

/**
 * Accumulates one parse. Every input row goes through exactly one of `add`, `error` or
 * `skip`, which is what keeps `records + errors + skipped === rows` true by construction.
 */
export interface ResultCollector {
  add(line: number, draft: RecordDraft): void;
  error(line: number, message: string): void;
  skip(line: number, reason: string): void;
  /** A folder that exists in the source even if no record lands in it. */
  declareFolder(path: string | null): void;
  finish(): ParseResult;
}

export function createResultCollector(format: string): ResultCollector {
  const records: ImportedRecord[] = [];
  const errors: RowError[] = [];
  const skipped: SkippedRow[] = [];
  const folders = new Set<string>();
  let rows = 0;
  return {
    add(line, draft) {
      rows++;
      const outcome = buildRecord(draft, line);
      if ('error' in outcome) {
        errors.push({ line, message: outcome.error });
        return;
      }
      records.push(outcome.record);
      if (outcome.record.folder !== null) folders.add(outcome.record.folder);
    },
    error(line, message) {
      rows++;
      errors.push({ line, message });
    },
    skip(line, reason) {
      rows++;
      skipped.push({ line, reason });
    },
    declareFolder(path) {
      if (path !== null && path !== '') folders.add(path.normalize('NFC'));
    },
    finish() {
      return { format, records, folders: [...folders].sort(), errors, skipped, rows };
    },
  };
}

export function notThisFormat(label: string, detail: string): AppError {
  return new AppError('unrecognized_format', `This file does not look like a ${label} export: ${detail}.`);
}
