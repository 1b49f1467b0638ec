import { AppError } from '../errors/app-error';
import type { ParseResult } from './imported-record';
import { forEachCsvRow, type CsvRow } from './csv-rows';
import { decodeExport } from './decode-text';
import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from './import-limits';
import { createResultCollector, notThisFormat, tooManyRows, type ResultCollector } from './result-collector';
import { isKdbx, isZip, looksBinary } from './sniffed-input';

/** One data row of a CSV with a header, looked up by column name. */
export interface CsvRecordRow {
  readonly line: number;
  readonly cells: readonly string[];
  /** Value of the first of `names` present in the header (case-insensitive), else ''. */
  get(...names: string[]): string;
  has(...names: string[]): boolean;
}

export interface HeaderedCsvSpec {
  readonly format: string;
  readonly label: string;
  /** Each entry: alternative spellings of one column that must be present. */
  readonly required: readonly (readonly string[])[];
  readonly onRow: (row: CsvRecordRow, out: ResultCollector) => void;
}

export function columnIndex(header: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    const key = h.trim().toLowerCase();
    if (!index.has(key)) index.set(key, i);
  });
  return index;
}

/**
 * Checks a row's shape before any mapping: an unterminated quote or a row with fewer
 * columns than the header (or extra non-empty ones) means the columns cannot be trusted.
 * Returns the message for `errors`, 'empty' for a row of empty cells, or null when fine.
 */
export function rowShapeProblem(row: CsvRow, width: number): string | 'empty' | null {
  if (row.problem !== undefined) return row.problem;
  if (row.cells.every((c) => c.trim() === '')) return 'empty';
  if (row.cells.length < width) return `Expected ${width} columns but found ${row.cells.length}`;
  if (row.cells.length > width && row.cells.slice(width).some((c) => c.trim() !== '')) {
    return `Expected ${width} columns but found ${row.cells.length}`;
  }
  return null;
}

/**
 * The rows of a CSV export, refusing what is not one (a kdbx, a zip or other binary data forced
 * through a CSV format) and anything over the row cap, before reading further.
 */
export function readExportCsv(bytes: Uint8Array, label: string, options: ExportCsvOptions = {}): CsvRow[] {
  const rows: CsvRow[] = [];
  forEachExportCsvRow(bytes, label, options, (row) => rows.push(row));
  return rows;
}

interface ExportCsvOptions {
  readonly width?: 'header';
  readonly limits?: ImportLimits;
}

/** As `readExportCsv`, each row handed to `onRow` as it is read (none kept). */
function forEachExportCsvRow(bytes: Uint8Array, label: string, options: ExportCsvOptions, onRow: (row: CsvRow) => void): void {
  const limits = options.limits ?? DEFAULT_IMPORT_LIMITS;
  if (isKdbx(bytes)) throw notThisFormat(label, 'it is a KeePass database, not a CSV file');
  if (isZip(bytes)) throw notThisFormat(label, 'it is a zip archive, not a CSV file');
  const { text, invalidUtf8 } = decodeExport(bytes);
  if (looksBinary(text)) throw notThisFormat(label, 'it holds binary data, not text');
  forEachCsvRow(
    text,
    {
      invalidUtf8,
      // The header is a row too.
      rowCap: limits.maxRows + 1,
      onTooMany: () => {
        throw tooManyRows(limits);
      },
      ...(options.width === undefined ? {} : { width: options.width }),
    },
    onRow,
  );
}

/** A header row that cannot be read means the columns are unknown: the whole file is refused. */
export function checkHeaderRow(header: CsvRow | undefined, label: string): CsvRow {
  if (header === undefined) throw notThisFormat(label, 'the file is empty');
  if (header.problem !== undefined) {
    throw new AppError('unreadable_file', `The header row (line ${header.line}) of this ${label} file cannot be read: ${header.problem.replace(/; this line was not imported$/, '')}.`);
  }
  return header;
}

export function parseHeaderedCsv(bytes: Uint8Array, spec: HeaderedCsvSpec): ParseResult {
  const out = createResultCollector(spec.format);
  let reader: ((row: CsvRow) => void) | null = null;
  forEachExportCsvRow(bytes, spec.label, { width: 'header' }, (row) => {
    if (reader === null) reader = headeredRowReader(row, spec, out);
    else reader(row);
  });
  // No row at all: the file is empty.
  if (reader === null) checkHeaderRow(undefined, spec.label);
  return out.finish();
}

/** A column no spelling of which is in the header. */
const ABSENT = -1;

/** Checks the header row and returns what reads each data row after it into `out`. */
function headeredRowReader(header: CsvRow, spec: HeaderedCsvSpec, out: ResultCollector): (row: CsvRow) => void {
  const headerRow = checkHeaderRow(header, spec.label);
  const index = columnIndex(headerRow.cells);
  const missing = spec.required.filter((alts) => !alts.some((a) => index.has(a)));
  if (missing.length > 0) {
    throw notThisFormat(spec.label, `missing column(s) ${missing.map((m) => `"${m[0]}"`).join(', ')}`);
  }
  const width = headerRow.cells.length;
  // Column lookups are resolved once per spelling list, and ONE row view is reused:
  // per-row closures dominated the 100k-row benchmark (GC). A single name (most lookups) is
  // its own key, so no key is built per lookup.
  const resolved = new Map<string, number>();
  const lookup = (names: string[]): number | undefined => {
    const key = names.length === 1 ? names[0]! : names.join('\u0000');
    let i = resolved.get(key);
    if (i === undefined) {
      i = names.map((n) => index.get(n)).find((x) => x !== undefined) ?? ABSENT;
      resolved.set(key, i);
    }
    return i === ABSENT ? undefined : i;
  };
  let current: CsvRow = headerRow;
  const view: CsvRecordRow = {
    get line() {
      return current.line;
    },
    get cells() {
      return current.cells;
    },
    get: (...names) => {
      const i = lookup(names);
      return i === undefined ? '' : (current.cells[i] ?? '');
    },
    has: (...names) => lookup(names) !== undefined,
  };
  return (row) => {
    const shape = rowShapeProblem(row, width);
    if (shape === 'empty') {
      out.skip(row.line, 'Empty row');
      return;
    }
    if (shape !== null) {
      out.error(row.line, shape);
      return;
    }
    current = row;
    spec.onRow(view, out);
  };
}

/** `1`, `true`, `yes`, `x` — the ways exporters write a ticked box. */
export function isTruthy(value: string): boolean {
  return /^(1|true|yes|y|x|on)$/i.test(value.trim());
}
