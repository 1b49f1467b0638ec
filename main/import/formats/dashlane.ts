import type { ImportFormat } from '../import-format';
import type { ParseResult } from '../imported-record';
import { checkHeaderRow, columnIndex, readExportCsv, rowShapeProblem } from '../csv-import';
import type { CsvRow } from '../csv-rows';
import { createResultCollector, notThisFormat, type ResultCollector } from '../result-collector';
import { isZip } from '../sniffed-input';
import { extractZip } from '../zip-archive';
import { IMPORT_FORMAT_LABELS } from '../format-labels';

const CREDENTIAL_COLUMNS = ['username', 'username2', 'username3', 'title', 'password', 'note', 'url', 'category'];
const NOTE_COLUMNS = ['title', 'note'];

type CsvKind = 'credentials' | 'securenotes' | 'other';

function baseName(path: string): string {
  return (path.split('/').pop() ?? path).toLowerCase();
}

function kindOf(name: string): CsvKind {
  const base = baseName(name);
  if (base === 'credentials.csv') return 'credentials';
  if (base === 'securenotes.csv') return 'securenotes';
  return 'other';
}

/**
 * Reads one of Dashlane's CSVs into the shared collector. Line numbers are within that
 * CSV; rows of CSVs we do not map (payments, ids, personalInfo) are reported as skipped
 * so that nothing disappears silently.
 */
function readDashlaneCsv(allRows: readonly CsvRow[], kind: CsvKind, fileName: string, out: ResultCollector): void {
  const [first, ...rows] = allRows;
  if (first === undefined) return;
  const header = checkHeaderRow(first, `Dashlane ${fileName}`);
  const index = columnIndex(header.cells);
  const get = (cells: readonly string[], name: string): string => {
    const i = index.get(name);
    return i === undefined ? '' : (cells[i] ?? '');
  };
  for (const row of rows) {
    const shape = rowShapeProblem(row, header.cells.length);
    if (shape === 'empty') out.skip(row.line, 'Empty row');
    else if (shape !== null) out.error(row.line, `${fileName}: ${shape}`);
    else if (kind === 'other') out.skip(row.line, `${fileName} is not imported (only credentials and secure notes are)`);
    else if (kind === 'securenotes') {
      out.add(row.line, { type: 'note', title: get(row.cells, 'title'), notes: get(row.cells, 'note'), folder: out.folderPath(get(row.cells, 'category')) });
    } else {
      const c = row.cells;
      out.add(row.line, {
        title: get(c, 'title'),
        username: get(c, 'username'),
        password: get(c, 'password'),
        urls: [get(c, 'url')],
        notes: get(c, 'note'),
        // Older exports call the seed otpSecret; newer ones otpUrl (an otpauth URI).
        totp: get(c, 'otpurl') || get(c, 'otpsecret'),
        folder: out.folderPath(get(c, 'category')),
        fields: [get(c, 'username2'), get(c, 'username3')]
          .filter((u) => u !== '')
          .map((value) => ({ name: 'Alternative username', value, hidden: false })),
      });
    }
  }
}

async function parseDashlane(bytes: Uint8Array): Promise<ParseResult> {
  const out = createResultCollector('dashlane');
  if (!isZip(bytes)) {
    const rows = readExportCsv(bytes, 'Dashlane', { width: 'header' });
    const header = checkHeaderRow(rows[0], 'Dashlane').cells.map((h) => h.trim().toLowerCase());
    if (!['username', 'password', 'title'].every((c) => header.includes(c))) throw notThisFormat('Dashlane', 'no credentials header');
    readDashlaneCsv(rows, 'credentials', 'credentials.csv', out);
    return out.finish();
  }
  const files = extractZip(bytes, (name) => name.toLowerCase().endsWith('.csv'));
  if (![...files.keys()].some((n) => kindOf(n) !== 'other')) throw notThisFormat('Dashlane', 'the archive has no credentials.csv or securenotes.csv');
  for (const [name, data] of [...files.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    readDashlaneCsv(readExportCsv(data, `Dashlane ${baseName(name)}`, { width: 'header' }), kindOf(name), baseName(name), out);
  }
  return out.finish();
}

export const dashlaneFormat: ImportFormat = {
  id: 'dashlane',
  label: IMPORT_FORMAT_LABELS.dashlane,
  detect: (input) => {
    if (input.kind === 'zip') return input.zipEntries.some((n) => kindOf(n) === 'credentials') ? 1 : 0;
    if (CREDENTIAL_COLUMNS.every((c) => input.headerSet.has(c))) return 1;
    return NOTE_COLUMNS.every((c) => input.headerSet.has(c)) && input.header.length <= 3 ? 0.3 : 0;
  },
  parse: async (input) => parseDashlane(input.bytes),
};
