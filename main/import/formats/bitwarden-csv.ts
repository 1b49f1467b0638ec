import type { CustomField } from '../imported-record';
import type { ImportFormat } from '../import-format';
import { isTruthy, parseHeaderedCsv } from '../csv-import';
import { headerCoverage } from '../sniffed-input';
import { IMPORT_FORMAT_LABELS } from '../format-labels';

const COLUMNS = ['folder', 'favorite', 'type', 'name', 'notes', 'fields', 'login_uri', 'login_username', 'login_password', 'login_totp'];
const ORG_COLUMNS = ['collections', 'type', 'name', 'notes', 'fields', 'login_uri', 'login_username', 'login_password', 'login_totp'];

/** Bitwarden writes custom fields one per line as `name: value`. */
export function parseBitwardenFieldLines(text: string): CustomField[] {
  const fields: CustomField[] = [];
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (line.trim() === '') continue;
    const at = line.indexOf(': ');
    fields.push(at === -1 ? { name: line, value: '', hidden: false } : { name: line.slice(0, at), value: line.slice(at + 2), hidden: false });
  }
  return fields;
}

export const bitwardenCsvFormat: ImportFormat = {
  id: 'bitwarden-csv',
  label: IMPORT_FORMAT_LABELS['bitwarden-csv'],
  // Organisation exports write `collections` instead of `folder` and have no `favorite`.
  detect: (input) =>
    headerCoverage(input, COLUMNS) >= 0.9 || headerCoverage(input, ORG_COLUMNS) === 1 ? 1 : 0,
  parse: async (input) =>
    parseHeaderedCsv(input.bytes, {
      format: 'bitwarden-csv',
      label: 'Bitwarden CSV',
      required: [['type'], ['name'], ['login_uri'], ['login_username'], ['login_password']],
      onRow: (row, out) => {
        const type = row.get('type').trim().toLowerCase();
        if (type !== 'login' && type !== 'note') {
          // The column is named, never its value (a cell may hold anything).
          out.skip(row.line, 'The "type" column holds an item type Bitwarden\'s CSV format does not carry (only login and note)');
          return;
        }
        const common = {
          title: row.get('name'),
          notes: row.get('notes'),
          // An organisation export names collections (comma-separated); the first becomes the folder.
          folder: out.folderPath(row.get('folder') || (row.get('collections').split(',')[0] ?? ''), '/'),
          favorite: isTruthy(row.get('favorite')),
          fields: parseBitwardenFieldLines(row.get('fields')),
        };
        if (type === 'note') {
          out.add(row.line, { ...common, type: 'note' });
          return;
        }
        out.add(row.line, {
          ...common,
          type: 'login',
          // Bitwarden joins several URIs with commas in this column.
          urls: row.get('login_uri').split(','),
          username: row.get('login_username'),
          password: row.get('login_password'),
          totp: row.get('login_totp'),
        });
      },
    }),
};
