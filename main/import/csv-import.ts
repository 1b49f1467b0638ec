import type { ParseResult } from './imported-record';
import { readCsvRows, type CsvRow } from './csv-rows';
import { decodeText } from './decode-text';
import { createResultCollector, notThisFormat, type ResultCollector } from './result-collector';

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

export function parseHeaderedCsv(bytes: Uint8Array, spec: HeaderedCsvSpec): ParseResult {
  const { rows } = readCsvRows(decodeText(bytes));
  const out = createResultCollector(spec.format);
  const [headerRow, ...dataRows] = rows;
  if (headerRow === undefined) throw notThisFormat(spec.label, 'the file is empty');
  const index = columnIndex(headerRow.cells);
  const missing = spec.required.filter((alts) => !alts.some((a) => index.has(a)));
  if (missing.length > 0) {
    throw notThisFormat(spec.label, `missing column(s) ${missing.map((m) => `"${m[0]}"`).join(', ')}`);
  }
  const width = headerRow.cells.length;
  // Column lookups are resolved once per spelling list, and ONE row view is reused:
  // per-row closures dominated the 100k-row benchmark (GC).
  const resolved = new Map<string, number | undefined>();
  const lookup = (names: string[]): number | undefined => {
    const key = names.join('\u0000');
    if (resolved.has(key)) return resolved.get(key);
    const i = names.map((n) => index.get(n)).find((x) => x !== undefined);
    resolved.set(key, i);
    return i;
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
  for (const row of dataRows) {
    const shape = rowShapeProblem(row, width);
    if (shape === 'empty') {
      out.skip(row.line, 'Empty row');
      continue;
    }
    if (shape !== null) {
      out.error(row.line, shape);
      continue;
    }
    current = row;
    spec.onRow(view, out);
  }
  return out.finish();
}

/** `1`, `true`, `yes`, `x` — the ways exporters write a ticked box. */
export function isTruthy(value: string): boolean {
  return /^(1|true|yes|y|x|on)$/i.test(value.trim());
}
