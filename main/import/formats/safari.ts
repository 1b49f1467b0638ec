import type { ImportFormat } from '../import-format';
import { parseHeaderedCsv } from '../csv-import';
import { headerCoverage } from '../sniffed-input';
import { IMPORT_FORMAT_LABELS } from '../format-labels';

/** macOS Safari / Passwords app: `Title,URL,Username,Password[,Notes],OTPAuth`. */
const COLUMNS = ['title', 'url', 'username', 'password', 'otpauth'];

export const safariFormat: ImportFormat = {
  id: 'safari',
  label: IMPORT_FORMAT_LABELS.safari,
  detect: (input) => {
    // Columns Safari never writes (1Password 7/8 share Title/Url/…/OTPAuth but add these).
    // Below generic CSV's 0.2: such a file is 1Password's, or one whose columns are guessed.
    if (['favorite', 'archived', 'tags', 'favorite status', 'archived status'].some((c) => input.headerSet.has(c))) return 0;
    const coverage = headerCoverage(input, COLUMNS);
    if (coverage === 1) return 0.95;
    // Without OTPAuth the header is ambiguous with other exporters.
    return headerCoverage(input, ['title', 'url', 'username', 'password']) === 1 && input.header.length <= 5 ? 0.5 : 0;
  },
  parse: async (input) =>
    parseHeaderedCsv(input.bytes, {
      format: 'safari',
      label: 'Safari',
      required: [['title'], ['url'], ['username'], ['password']],
      onRow: (row, out) =>
        out.add(row.line, {
          title: row.get('title'),
          urls: [row.get('url')],
          username: row.get('username'),
          password: row.get('password'),
          notes: row.get('notes'),
          totp: row.get('otpauth'),
        }),
    }),
};
