/**
 * RFC 4180 CSV reader that remembers on which PHYSICAL line each row starts, so a problem
 * can be reported at the line a person sees in a text editor (a quoted multi-line note
 * occupies several lines). papaparse does not expose that, hence this small reader.
 *
 * A stray quote must never swallow the rows after it. When a row cannot be trusted — a quote
 * that never closes, a quoted field that spans lines and then runs on past its closing quote
 * (`"a,b⏎c"d`), or (with `width`) a multi-line row with the wrong number of columns — only the
 * row's FIRST physical line is reported, and reading resumes on the next line.
 */
export interface CsvRow {
  /** 1-based physical line where the row starts. */
  readonly line: number;
  readonly cells: string[];
  /** Set when the row cannot be trusted; its cells are then empty. */
  readonly problem?: string;
}

export interface CsvReadOptions {
  readonly delimiter?: string;
  /** Stop after this many rows (sniffing the header). */
  readonly maxRows?: number;
  /** More rows than this is refused: `onTooMany` is called (and must throw). */
  readonly rowCap?: number;
  readonly onTooMany?: () => never;
  /** Column count of a well-formed row (the header's); enables the multi-line width check. */
  readonly width?: 'header';
  /** The text held bytes that were not valid UTF-8 (now U+FFFD): rows with U+FFFD are reported. */
  readonly invalidUtf8?: boolean;
}

export const UNCLOSED_QUOTE = 'A quoted field is never closed (missing "); this line was not imported';
export const STRAY_QUOTE = 'A quote opens a field that ends on a later line in the middle of a value (stray "); this line was not imported';
export const INVALID_UTF8 = 'This row holds bytes that are not valid UTF-8 (the file is damaged there); it was not imported';

const QUOTE = 34;
const CR = 13;
const LF = 10;

export function readCsvRows(text: string, options: CsvReadOptions = {}): { rows: CsvRow[] } {
  const rows: CsvRow[] = [];
  forEachCsvRow(text, options, (row) => rows.push(row));
  return { rows };
}

/**
 * The reader itself: hands each row to `onRow` as soon as it is read and keeps none, so a caller
 * that turns rows into records never holds every row of a large file at once (at 100,000 rows
 * the rows lived long enough to be promoted, and the garbage collector's work on them was more
 * than the reading). Returns the number of rows.
 */
export function forEachCsvRow(text: string, options: CsvReadOptions, onRow: (row: CsvRow) => void): number {
  const delim = (options.delimiter ?? ',').charCodeAt(0);
  const maxRows = options.maxRows ?? Number.POSITIVE_INFINITY;
  const rowCap = options.rowCap ?? Number.POSITIVE_INFINITY;
  let count = 0;
  const emit = (row: CsvRow): void => {
    count++;
    // Refused before the row is handed on: nothing past the cap is ever turned into a record.
    if (count > rowCap) options.onTooMany?.();
    onRow(row);
  };
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let width: number | null = null;

  while (i < n && count < maxRows) {
    const rowStart = i;
    const startLine = line;
    const cells: string[] = [];
    let problem: string | undefined;
    let rowDone = false;
    let sawContent = false;
    let multiLine = false;

    while (!rowDone) {
      let cell = '';
      if (text.charCodeAt(i) === QUOTE) {
        sawContent = true;
        i++;
        let spanned = false;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q === -1) {
            i = n;
            problem = UNCLOSED_QUOTE;
            break;
          }
          const breaks = countLineBreaks(text, i, q);
          if (breaks > 0) spanned = true;
          line += breaks;
          cell += text.slice(i, q);
          if (text.charCodeAt(q + 1) === QUOTE) {
            cell += '"';
            i = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        if (problem !== undefined) break;
        if (spanned) multiLine = true;
        // Lenient: text after a closing quote (`"a"b`) is kept, as spreadsheets do — but not
        // after a field that spanned lines: that is a stray quote which merged rows.
        const tailEnd = findCellEnd(text, i, delim);
        if (spanned && tailEnd > i) problem = STRAY_QUOTE;
        cell += text.slice(i, tailEnd);
        i = tailEnd;
      } else {
        const end = findCellEnd(text, i, delim);
        cell = text.slice(i, end);
        if (end > i) sawContent = true;
        i = end;
      }
      cells.push(cell);
      const c = text.charCodeAt(i);
      if (c === delim) {
        sawContent = true;
        i++;
        continue;
      }
      if (c === CR) i += text.charCodeAt(i + 1) === LF ? 2 : 1;
      else if (c === LF) i++;
      if (i <= n) line++;
      rowDone = true;
    }
    if (problem === undefined && options.width === 'header' && width !== null && multiLine && !fitsWidth(cells, width)) {
      problem = `A quoted field spans lines but the row has ${cells.length} columns instead of ${width}; this line was not imported`;
    }
    if (problem !== undefined) {
      // Resynchronise: only the first physical line is lost; the next line is read afresh.
      i = endOfLine(text, rowStart);
      line = startLine + 1;
      emit({ line: startLine, cells: [], problem });
    } else {
      // A physically empty line is not a row (blank trailing lines, blank separators).
      if (!sawContent) continue;
      width ??= cells.length;
      if (options.invalidUtf8 === true && cells.some((c) => c.includes('\uFFFD'))) emit({ line: startLine, cells: [], problem: INVALID_UTF8 });
      else emit({ line: startLine, cells });
    }
  }
  return count;
}

/** A row fits the header's width; an empty trailing column (spreadsheet padding) is tolerated. */
function fitsWidth(cells: readonly string[], width: number): boolean {
  if (cells.length === width) return true;
  return cells.length > width && cells.slice(width).every((c) => c.trim() === '');
}

/** Index just past the line break that ends the physical line containing `from` (or the end). */
function endOfLine(text: string, from: number): number {
  const n = text.length;
  for (let j = from; j < n; j++) {
    const c = text.charCodeAt(j);
    if (c === LF) return j + 1;
    if (c === CR) return text.charCodeAt(j + 1) === LF ? j + 2 : j + 1;
  }
  return n;
}

function findCellEnd(text: string, from: number, delim: number): number {
  let j = from;
  const n = text.length;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (c === delim || c === LF || c === CR) return j;
    j++;
  }
  return n;
}

function countLineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let j = from; j < to; j++) {
    const c = text.charCodeAt(j);
    if (c === LF) count++;
    else if (c === CR && text.charCodeAt(j + 1) !== LF) count++;
  }
  return count;
}
