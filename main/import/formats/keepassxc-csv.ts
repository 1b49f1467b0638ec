import type { ImportFormat } from '../import-format';
import { parseHeaderedCsv } from '../csv-import';
import { normaliseFolderPath } from '../folder-path';
import { headerCoverage } from '../sniffed-input';
import { IMPORT_FORMAT_LABELS } from '../format-labels';

const COLUMNS = ['group', 'title', 'username', 'password', 'url', 'notes'];

/**
 * KeePassXC writes the full group path starting with the root group's name
 * ("Root/Work/Servers" or "Passwords/Work"); the root is the database itself, not a folder.
 */
function folderOf(group: string): string | null {
  const path = normaliseFolderPath(group, '/');
  if (path === null) return null;
  const rest = path.split('/').slice(1);
  return rest.length === 0 ? null : rest.join('/');
}

export const keepassxcCsvFormat: ImportFormat = {
  id: 'keepassxc-csv',
  label: IMPORT_FORMAT_LABELS['keepassxc-csv'],
  detect: (input) => (headerCoverage(input, COLUMNS) === 1 ? (input.headerSet.has('totp') ? 1 : 0.9) : 0),
  parse: async (input) =>
    parseHeaderedCsv(input.bytes, {
      format: 'keepassxc-csv',
      label: 'KeePassXC',
      required: COLUMNS.map((c) => [c]),
      onRow: (row, out) =>
        out.add(row.line, {
          title: row.get('title'),
          folder: folderOf(row.get('group')),
          username: row.get('username'),
          password: row.get('password'),
          urls: [row.get('url')],
          notes: row.get('notes'),
          totp: row.get('totp'),
        }),
    }),
};
