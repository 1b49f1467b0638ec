import type { CustomField, ParseResult } from '../imported-record';
import type { ImportFormat } from '../import-format';
import { checkHeaderRow, readExportCsv, rowShapeProblem } from '../csv-import';
import type { CsvRow } from '../csv-rows';
import { createResultCollector, notThisFormat } from '../result-collector';
import { IMPORT_FORMAT_LABELS } from '../format-labels';

export type MappedField = 'title' | 'username' | 'password' | 'url' | 'notes' | 'folder' | 'totp';
/** Column index (0-based) for each record field; unmapped columns become custom fields. */
export type CsvColumnMapping = Partial<Record<MappedField, number>>;

/** Header spellings seen in the wild, most specific first; matched after lower-casing and dropping punctuation. */
const SYNONYMS: Readonly<Record<MappedField, readonly string[]>> = {
  password: ['password', 'loginpassword', 'pass', 'passwd', 'pwd', 'passcode', 'kennwort', 'motdepasse', 'contrasena'],
  username: ['username', 'loginusername', 'user', 'login', 'loginname', 'userid', 'account', 'email', 'emailaddress', 'benutzername'],
  url: ['url', 'loginuri', 'website', 'websiteaddress', 'uri', 'site', 'web', 'address', 'link', 'hostname', 'domain', 'urls'],
  title: ['title', 'name', 'itemname', 'entry', 'service', 'label', 'description', 'titel', 'nom'],
  notes: ['notes', 'note', 'comments', 'comment', 'extra', 'memo', 'remarks', 'notizen'],
  folder: ['folder', 'group', 'grouping', 'category', 'path', 'vault', 'collection', 'ordner'],
  totp: ['totp', 'otp', 'otpauth', 'onetimepassword', 'logintotp', '2fa', 'mfa', 'authenticator', 'totpsecret', 'otpsecret', 'otpurl'],
};
const ORDER: readonly MappedField[] = ['password', 'totp', 'username', 'url', 'title', 'notes', 'folder'];

function squash(header: string): string {
  return header.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Other words exporters put in header rows (besides the synonyms above). */
const OTHER_COLUMN_WORDS = new Set(['type', 'id', 'code', 'number', 'created', 'modified', 'favorite', 'tags', 'country', 'cardnumber', 'cvc', 'expiry', 'phone', 'sharedfolder']);

/** Whether a cell reads like a column name of some export (used to tell a header row from data). */
export function isKnownColumnName(cell: string): boolean {
  const key = squash(cell);
  if (key === '') return false;
  return OTHER_COLUMN_WORDS.has(key) || Object.values(SYNONYMS).some((list) => list.includes(key));
}

/**
 * Guesses which column holds which field: exact synonym matches first, then headers that
 * contain a synonym ("Account Password"), never assigning a column twice.
 */
export function suggestMapping(headers: readonly string[]): CsvColumnMapping {
  const squashed = headers.map(squash);
  const used = new Set<number>();
  const mapping: CsvColumnMapping = {};
  for (const pass of ['exact', 'contains'] as const) {
    for (const field of ORDER) {
      if (mapping[field] !== undefined) continue;
      for (const synonym of SYNONYMS[field]) {
        const i = squashed.findIndex((h, idx) => !used.has(idx) && (pass === 'exact' ? h === synonym : synonym.length >= 3 && h.includes(synonym)));
        if (i !== -1) {
          mapping[field] = i;
          used.add(i);
          break;
        }
      }
    }
  }
  return mapping;
}

const LABEL = 'password CSV';

/** The rows of a CSV read for the generic format (text is the tests' shorthand for its UTF-8 bytes). */
export function readGenericRows(input: string | Uint8Array): CsvRow[] {
  return readExportCsv(typeof input === 'string' ? new TextEncoder().encode(input) : input, LABEL, { width: 'header' });
}

export function parseGenericCsv(input: string | Uint8Array | readonly CsvRow[], mapping: CsvColumnMapping): ParseResult {
  const out = createResultCollector('generic-csv');
  const [first, ...rows] = typeof input === 'string' || input instanceof Uint8Array ? readGenericRows(input) : input;
  const header = checkHeaderRow(first, LABEL);
  const mapped = new Set(Object.values(mapping));
  const cell = (cells: readonly string[], field: MappedField): string => {
    const i = mapping[field];
    return i === undefined ? '' : (cells[i] ?? '');
  };
  for (const row of rows) {
    const shape = rowShapeProblem(row, header.cells.length);
    if (shape === 'empty') {
      out.skip(row.line, 'Empty row');
      continue;
    }
    if (shape !== null) {
      out.error(row.line, shape);
      continue;
    }
    const fields: CustomField[] = header.cells
      .map((name, i) => ({ name, value: row.cells[i] ?? '', hidden: false }))
      .filter((f, i) => !mapped.has(i) && f.value !== '');
    out.add(row.line, {
      title: cell(row.cells, 'title'),
      username: cell(row.cells, 'username'),
      password: cell(row.cells, 'password'),
      urls: [cell(row.cells, 'url')],
      notes: cell(row.cells, 'notes'),
      folder: out.folderPath(cell(row.cells, 'folder')),
      totp: cell(row.cells, 'totp'),
      fields,
    });
  }
  return out.finish();
}

export const genericCsvFormat: ImportFormat = {
  id: 'generic-csv',
  label: IMPORT_FORMAT_LABELS['generic-csv'],
  detect: (input) => {
    if (input.kind !== 'text' || input.header.length < 2) return 0;
    const m = suggestMapping(input.header);
    return m.password !== undefined && (m.username !== undefined || m.url !== undefined || m.title !== undefined) ? 0.2 : 0;
  },
  parse: async (input) => {
    const rows = readGenericRows(input.bytes);
    const mapping = suggestMapping(checkHeaderRow(rows[0], LABEL).cells);
    if (mapping.password === undefined && mapping.username === undefined) {
      throw notThisFormat(LABEL, 'no column looks like a password or a username; choose the columns by hand');
    }
    return parseGenericCsv(rows, mapping);
  },
};
