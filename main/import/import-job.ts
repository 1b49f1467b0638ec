import { createHash, hash } from 'node:crypto';
import type { ImportedRecord, ParseResult } from './imported-record';

export interface ImportJobRecord {
  /** Deterministic: sha256(importId + ":" + line), so a re-run after a crash finds what was already stored. */
  readonly id: string;
  readonly record: ImportedRecord;
}

export interface ImportBatch {
  readonly importId: string;
  readonly index: number;
  readonly total: number;
  readonly records: readonly ImportJobRecord[];
}

export interface ImportProgress {
  readonly done: number;
  readonly total: number;
}

export interface ImportJobOptions {
  readonly batchSize?: number;
  readonly onProgress?: (progress: ImportProgress) => void;
  readonly signal?: AbortSignal;
  /** Defaults to a hash of the parsed content, so the same file gives the same id. */
  readonly importId?: string;
  /** Resume: first batch to yield (batches before it were stored by an earlier run). */
  readonly fromBatch?: number;
}

const HASH_CHUNK_CHARS = 65_536;

/** Stable id of a parse: hash of format + records, independent of when or where it ran. */
export function importIdOf(result: ParseResult): string {
  const hash = createHash('sha256').update(result.format);
  // Field by field rather than JSON.stringify: same determinism, far less garbage at 100k rows.
  // Records are hashed some 64 KiB of text at a time: a digest of the concatenation is the same
  // whatever the pieces, and one update() per record was 100,000 calls into native code.
  let pending = '';
  for (const r of result.records) {
    const fields = r.fields.length === 0 ? '' : r.fields.map((f) => `${f.name}\u0002${f.value}\u0002${f.hidden ? 1 : 0}`).join('\u0001');
    pending += `\u0000${r.line}\u0003${r.type}\u0003${r.title}\u0003${r.username}\u0003${r.password}\u0003${r.urls.join('\u0001')}\u0003${r.notes}\u0003${r.folder ?? '\u0004'}\u0003${r.totp ?? '\u0004'}\u0003${fields}\u0003${r.favorite ? 1 : 0}`;
    if (pending.length >= HASH_CHUNK_CHARS) {
      hash.update(pending);
      pending = '';
    }
  }
  return hash.update(pending).digest('hex').slice(0, 32);
}

export function recordIdOf(importId: string, line: number): string {
  // One-shot hash: the same digest as createHash().update().digest() without a Hash object per record.
  return hash('sha256', `${importId}:${line}`, 'hex').slice(0, 32);
}

/**
 * Hands out records in batches so the caller can encrypt and store each one and report
 * progress. Cancellation is checked between batches (a batch is never half-yielded).
 * Dashlane zips number lines per CSV, so ids also mix in the record's position there.
 */
export async function* createImportJob(result: ParseResult, options: ImportJobOptions = {}): AsyncGenerator<ImportBatch, void, void> {
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 500));
  const importId = options.importId ?? importIdOf(result);
  const total = Math.ceil(result.records.length / batchSize);
  const lineIsUnique = linesAreUnique(result.records);
  for (let index = options.fromBatch ?? 0; index < total; index++) {
    options.signal?.throwIfAborted();
    const start = index * batchSize;
    const slice = result.records.slice(start, start + batchSize);
    const records = slice.map((record, i) => ({
      id: recordIdOf(importId, lineIsUnique ? record.line : (start + i + 1) * 1e6 + record.line),
      record,
    }));
    yield { importId, index, total, records };
    options.onProgress?.({ done: Math.min(start + batchSize, result.records.length), total: result.records.length });
  }
}

/**
 * Whether no two records share a line. Parsers number records in file order, so lines that
 * only go up are unique without a Set of 100,000 numbers; anything else is checked with one.
 */
function linesAreUnique(records: readonly ImportedRecord[]): boolean {
  let ascending = true;
  for (let i = 1; i < records.length && ascending; i++) ascending = (records[i] as ImportedRecord).line > (records[i - 1] as ImportedRecord).line;
  if (ascending) return true;
  const lines = new Set<number>();
  return records.every((r) => !lines.has(r.line) && lines.add(r.line));
}
