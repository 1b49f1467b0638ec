import type { ImportFormat } from '../import-format';
import { parseHeaderedCsv } from '../csv-import';
import { headerCoverage } from '../sniffed-input';
import { IMPORT_FORMAT_LABELS } from '../format-labels';

const COLUMNS = ['name', 'url', 'username', 'password'];

/** Chrome, Edge, Brave, Opera, Vivaldi: `name,url,username,password[,note]`. */
export const chromeFormat: ImportFormat = {
  id: 'chrome',
  label: IMPORT_FORMAT_LABELS.chrome,
  detect: (input) => {
    if (headerCoverage(input, COLUMNS) < 1) return 0;
    const extras = input.header.filter((h) => !COLUMNS.includes(h) && h !== 'note');
    return extras.length === 0 ? 0.95 : 0.3;
  },
  parse: async (input) =>
    parseHeaderedCsv(input.bytes, {
      format: 'chrome',
      label: 'Chrome',
      required: [['name'], ['url'], ['username'], ['password']],
      onRow: (row, out) =>
        out.add(row.line, {
          title: row.get('name'),
          urls: [row.get('url')],
          username: row.get('username'),
          password: row.get('password'),
          notes: row.get('note', 'notes'),
        }),
    }),
};
