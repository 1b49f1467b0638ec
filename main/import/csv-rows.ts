/**
 * RFC 4180 CSV reader that remembers on which PHYSICAL line each row starts, so a problem
 * can be reported at the line a person sees in a text editor (a quoted multi-line note
 * occupies several lines). papaparse does not expose that, hence this small reader.
 */
export interface CsvRow {
  /** 1-based physical line where the row starts. */
  readonly line: number;
  readonly cells: string[];
  /** Set when the row cannot be trusted, e.g. a quote that never closes. */
  readonly problem?: string;
}

export interface CsvReadOptions {
  readonly delimiter?: string;
  readonly maxRows?: number;
}

const QUOTE = 34;
const CR = 13;
const LF = 10;

export function readCsvRows(text: string, options: CsvReadOptions = {}): { rows: CsvRow[] } {
  const delim = (options.delimiter ?? ',').charCodeAt(0);
  const maxRows = options.maxRows ?? Number.POSITIVE_INFINITY;
  const rows: CsvRow[] = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;

  while (i < n && rows.length < maxRows) {
    const startLine = line;
    const cells: string[] = [];
    let problem: string | undefined;
    let rowDone = false;
    let sawContent = false;

    while (!rowDone) {
      let cell = '';
      if (text.charCodeAt(i) === QUOTE) {
        sawContent = true;
        i++;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q === -1) {
            cell += text.slice(i);
            line += countLineBreaks(text, i, n);
            i = n;
            problem = 'A quoted field is never closed (missing ")';
            break;
          }
          line += countLineBreaks(text, i, q);
          cell += text.slice(i, q);
          if (text.charCodeAt(q + 1) === QUOTE) {
            cell += '"';
            i = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        // Lenient: text after a closing quote (`"a"b`) is kept, as spreadsheets do.
        const tailEnd = findCellEnd(text, i, delim);
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
    // A physically empty line is not a row (blank trailing lines, blank separators).
    if (!sawContent) continue;
    rows.push(problem === undefined ? { line: startLine, cells } : { line: startLine, cells, problem });
  }
  return { rows };
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
