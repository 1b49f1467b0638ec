import type { CustomField } from '../imported-record';
import type { ImportFormat } from '../import-format';
import { isTruthy, parseHeaderedCsv } from '../csv-import';
import { headerCoverage } from '../sniffed-input';
import { IMPORT_FORMAT_LABELS } from '../format-labels';

/**
 * 1Password 8 CSV: `Title,Website,Username,Password,One-time password,Favorite status,
 * Archived status,Tags,Notes`; 1Password 7 wrote `Title,Url,Username,Password,Notes,…`
 * and some versions `OTPAuth`. Column order varies, so only names are used.
 */
const MARKERS = ['one-time password', 'favorite status', 'archived status', 'tags', 'favorite', 'archived'];

export const onePasswordCsvFormat: ImportFormat = {
  id: '1password-csv',
  label: IMPORT_FORMAT_LABELS['1password-csv'],
  detect: (input) => {
    if (headerCoverage(input, ['title', 'username', 'password']) < 1) return 0;
    if (!input.headerSet.has('website') && !input.headerSet.has('url') && !input.headerSet.has('urls')) return 0;
    if (MARKERS.some((m) => input.headerSet.has(m))) return 0.95;
    return input.headerSet.has('website') ? 0.7 : 0.4;
  },
  parse: async (input) =>
    parseHeaderedCsv(input.bytes, {
      format: '1password-csv',
      label: '1Password CSV',
      required: [['title'], ['username'], ['password'], ['website', 'url', 'urls']],
      onRow: (row, out) => {
        const tags = row.get('tags');
        const fields: CustomField[] = tags === '' ? [] : [{ name: 'Tags', value: tags, hidden: false }];
        if (isTruthy(row.get('archived status', 'archived'))) fields.push({ name: 'Archived in 1Password', value: 'yes', hidden: false });
        out.add(row.line, {
          title: row.get('title'),
          urls: row.get('website', 'url', 'urls').split(/\r?\n/),
          username: row.get('username'),
          password: row.get('password'),
          totp: row.get('one-time password', 'otpauth', 'otp'),
          favorite: isTruthy(row.get('favorite status', 'favorite')),
          notes: row.get('notes', 'notesplain'),
          fields,
        });
      },
    }),
};
