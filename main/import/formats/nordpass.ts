import type { CustomField, RecordDraft } from '../imported-record';
import type { ImportFormat } from '../import-format';
import type { CsvRecordRow } from '../csv-import';
import { parseHeaderedCsv } from '../csv-import';
import { headerCoverage } from '../sniffed-input';
import { IMPORT_FORMAT_LABELS } from '../format-labels';
import type { FolderPaths } from '../folder-path';

const COLUMNS = ['name', 'url', 'additional_urls', 'username', 'password', 'note', 'cardholdername', 'cardnumber', 'cvc', 'expirydate', 'zipcode', 'folder', 'full_name', 'type'];
/** Legacy NordPass CSVs: no `type` and no `additional_urls`; the item type follows from the filled columns. */
const LEGACY_COLUMNS = ['name', 'url', 'username', 'password', 'note', 'cardholdername', 'cardnumber', 'cvc', 'expirydate', 'zipcode', 'folder', 'full_name'];

function legacyType(row: CsvRecordRow): string {
  if (row.get('cardnumber') !== '' || row.get('cardholdername') !== '') return 'credit_card';
  if (row.get('username') !== '' || row.get('password') !== '' || row.get('url') !== '') return 'password';
  if (IDENTITY_FIELDS.some(([column]) => row.get(column) !== '')) return 'identity';
  return 'note';
}

/** NordPass writes `additional_urls` as a JSON array string (`["https://a","https://b"]`). */
function additionalUrls(raw: string): string[] {
  const value = raw.trim();
  if (value === '') return [];
  if (value.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(value);
      if (Array.isArray(parsed)) return parsed.filter((u): u is string => typeof u === 'string');
    } catch {
      // fall through: treat as a plain list
    }
  }
  return value.split(/[,\n]/);
}

function pick(row: CsvRecordRow, spec: readonly (readonly [string, string, boolean])[]): CustomField[] {
  return spec.map(([column, name, hidden]) => ({ name, value: row.get(column), hidden })).filter((f) => f.value !== '');
}

const CARD_FIELDS = [
  ['cardholdername', 'Cardholder name', false],
  ['cardnumber', 'Card number', true],
  ['cvc', 'Security code', true],
  ['expirydate', 'Expiry date', false],
  ['zipcode', 'ZIP code', false],
] as const;

const IDENTITY_FIELDS = [
  ['full_name', 'Full name', false],
  ['email', 'Email', false],
  ['phone_number', 'Phone', false],
  ['address1', 'Address line 1', false],
  ['address2', 'Address line 2', false],
  ['city', 'City', false],
  ['state', 'State', false],
  ['zipcode', 'ZIP code', false],
  ['country', 'Country', false],
] as const;

function toDraft(row: CsvRecordRow, type: string, folderPath: FolderPaths): RecordDraft | null {
  const common = { title: row.get('name'), notes: row.get('note'), folder: folderPath(row.get('folder'), '/') };
  switch (type) {
    case 'password':
      return {
        ...common,
        type: 'login',
        username: row.get('username'),
        password: row.get('password'),
        urls: [row.get('url'), ...additionalUrls(row.get('additional_urls'))],
      };
    case 'note':
      return { ...common, type: 'note' };
    case 'credit_card':
      return { ...common, type: 'card', fields: pick(row, CARD_FIELDS) };
    case 'identity':
      return { ...common, type: 'identity', fields: pick(row, IDENTITY_FIELDS) };
    default:
      return null;
  }
}

export const nordpassFormat: ImportFormat = {
  id: 'nordpass',
  label: IMPORT_FORMAT_LABELS.nordpass,
  detect: (input) => {
    if (headerCoverage(input, COLUMNS) >= 0.9) return 1;
    return headerCoverage(input, LEGACY_COLUMNS) === 1 ? 0.9 : 0;
  },
  parse: async (input) =>
    parseHeaderedCsv(input.bytes, {
      format: 'nordpass',
      label: 'NordPass',
      required: [['name'], ['url'], ['username'], ['password']],
      onRow: (row, out) => {
        const type = row.has('type') ? row.get('type').trim().toLowerCase() : legacyType(row);
        // Rows of type "folder" define folders (possibly empty ones); they are not items.
        if (type === 'folder') {
          out.declareFolder(row.get('name'));
          out.skip(row.line, 'Folder definition (folder created, not an item)');
          return;
        }
        const draft = toDraft(row, type, out.folderPath);
        // The column is named, never its value (a cell may hold anything).
        if (draft === null) out.error(row.line, 'The "type" column holds an item type NordPass does not write (password, note, credit_card, identity, folder)');
        else out.add(row.line, draft);
      },
    }),
};
