import type { ImportFormat } from '../import-format';
import { parseHeaderedCsv } from '../csv-import';
import { headerCoverage } from '../sniffed-input';
import { IMPORT_FORMAT_LABELS } from '../format-labels';

const COLUMNS = ['url', 'username', 'password', 'httprealm', 'formactionorigin', 'guid'];
/**
 * Firefox keeps its own Sync sign-in in the password store as `chrome://FirefoxAccounts`;
 * it is not a website login and cannot be used elsewhere, so it is reported as skipped.
 */
const SYNC_ROW = /^chrome:\/\/FirefoxAccounts/i;

export const firefoxFormat: ImportFormat = {
  id: 'firefox',
  label: IMPORT_FORMAT_LABELS.firefox,
  detect: (input) => (headerCoverage(input, COLUMNS) === 1 ? 1 : 0),
  parse: async (input) =>
    parseHeaderedCsv(input.bytes, {
      format: 'firefox',
      label: 'Firefox',
      required: [['url'], ['username'], ['password']],
      onRow: (row, out) => {
        const url = row.get('url').trim();
        if (SYNC_ROW.test(url)) {
          out.skip(row.line, 'Firefox Sync account entry (chrome://FirefoxAccounts), not a website login');
          return;
        }
        const realm = row.get('httprealm');
        out.add(row.line, {
          // Firefox has no title column; the record title falls back to the site's host.
          title: '',
          urls: [url === '' ? row.get('formactionorigin') : url],
          username: row.get('username'),
          password: row.get('password'),
          fields: realm === '' ? [] : [{ name: 'HTTP realm', value: realm, hidden: false }],
        });
      },
    }),
};
