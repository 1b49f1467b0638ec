import type { CustomField } from '../imported-record';
import type { ImportFormat } from '../import-format';
import { readExportCsv } from '../csv-import';
import { loginOrNote } from '../record-builder';
import { createResultCollector } from '../result-collector';
import { isKnownColumnName } from './generic-csv';
import { IMPORT_FORMAT_LABELS } from '../format-labels';

/**
 * Keeper's CSV has NO header: Folder,Title,Login,Password,Website Address,Notes,
 * Shared Folder, then custom fields as name,value pairs. The TOTP seed is the custom
 * field "TFC:Keeper" (an otpauth URI).
 */
const FIXED_COLUMNS = 7;
const MIN_COLUMNS = 6;
const TOTP_FIELD = 'TFC:Keeper';
const WEBSITE = 4;

/**
 * Keeper's first row is a record; another exporter's first row names its columns. A record's
 * Website Address is empty or looks like an address (a dot or a colon); a header's is a word.
 * A record may hold one or two words that are also column names (a password "password"), a
 * header holds many.
 */
export function looksLikeHeaderRow(cells: readonly string[]): boolean {
  const website = (cells[WEBSITE] ?? '').trim();
  if (website !== '' && !/[.:]/.test(website)) return true;
  return cells.filter(isKnownColumnName).length >= 3;
}

export const keeperCsvFormat: ImportFormat = {
  id: 'keeper-csv',
  label: IMPORT_FORMAT_LABELS['keeper-csv'],
  detect: (input) => {
    if (input.kind !== 'text' || input.header.length < FIXED_COLUMNS) return 0;
    if (looksLikeHeaderRow(input.header)) return 0;
    return (input.header.length - FIXED_COLUMNS) % 2 === 0 ? 0.4 : 0.2;
  },
  parse: async (input) => {
    const rows = readExportCsv(input.bytes, 'Keeper CSV');
    const out = createResultCollector('keeper-csv');
    for (const row of rows) {
      if (row.problem !== undefined) {
        out.error(row.line, row.problem);
        continue;
      }
      if (row.cells.every((c) => c.trim() === '')) {
        out.skip(row.line, 'Empty row');
        continue;
      }
      if (row.cells.length < MIN_COLUMNS) {
        out.error(row.line, `Expected at least ${MIN_COLUMNS} columns but found ${row.cells.length}`);
        continue;
      }
      const [folder = '', title = '', login = '', password = '', website = '', notes = '', sharedFolder = ''] = row.cells;
      const fields: CustomField[] = [];
      let totp = '';
      const custom = row.cells.slice(FIXED_COLUMNS);
      for (let i = 0; i < custom.length; i += 2) {
        const name = custom[i] ?? '';
        const value = custom[i + 1] ?? '';
        if (name === TOTP_FIELD) totp = value;
        else fields.push({ name, value, hidden: false });
      }
      out.add(row.line, {
        type: loginOrNote({ username: login, password, url: website, totp, notes }),
        title,
        username: login,
        password,
        urls: [website],
        notes,
        totp,
        fields,
        // Keeper nests folders with a backslash; a record only in a shared folder uses that.
        folder: out.folderPath(folder !== '' ? folder : sharedFolder, '\\'),
      });
    }
    return out.finish();
  },
};
