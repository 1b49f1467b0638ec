import { AppError } from '../../errors/app-error';
import type { CustomField, ParseResult, RecordDraft } from '../imported-record';
import type { ImportFormat } from '../import-format';
import { parseHeaderedCsv, type CsvRecordRow } from '../csv-import';
import { decodeText } from '../decode-text';
import { normaliseFolderPath, type FolderPaths } from '../folder-path';
import { asArray, asObject, asString, hasInvalidUtf8, isObject, parseJsonBytes, type JsonObject } from '../json-values';
import { createResultCollector, notThisFormat } from '../result-collector';
import { headerCoverage, isZip } from '../sniffed-input';
import { extractZip } from '../zip-archive';
import { IMPORT_FORMAT_LABELS } from '../format-labels';

const CSV_COLUMNS = ['type', 'name', 'url', 'email', 'username', 'password', 'note', 'totp', 'vault'];
/** Older Proton Pass CSVs had no `type` (and no `email`): every row is a login. */
const LEGACY_CSV_COLUMNS = ['name', 'url', 'username', 'password', 'note', 'totp', 'vault'];
/** Proton Pass's zip export holds its JSON at `Proton Pass/data.json`. */
const ZIP_DATA = /(^|\/)Proton Pass\/data\.json$/;
const TRASHED = 2;

function loginIdentity(email: string, username: string): { username: string; fields: CustomField[] } {
  // Proton Pass has separate email and username; when both are set keep the email as a field.
  if (username !== '' && email !== '' && username !== email) {
    return { username, fields: [{ name: 'Email', value: email, hidden: false }] };
  }
  return { username: username || email, fields: [] };
}

function csvDraft(row: CsvRecordRow, folderPath: FolderPaths): RecordDraft | null {
  const type = row.has('type') ? row.get('type').trim() : 'login';
  const common = { title: row.get('name'), notes: row.get('note'), folder: folderPath(row.get('vault'), '/') };
  if (type === 'note') return { ...common, type: 'note' };
  if (type === 'creditCard') return { ...common, type: 'card' };
  if (type === 'identity') return { ...common, type: 'identity' };
  if (type !== 'login' && type !== 'alias') return null;
  const who = loginIdentity(row.get('email'), row.get('username'));
  return { ...common, type: 'login', ...who, password: row.get('password'), urls: row.get('url').split(','), totp: row.get('totp') };
}

function extraFields(data: JsonObject): { fields: CustomField[]; extraTotp: string } {
  const fields: CustomField[] = [];
  let extraTotp = '';
  for (const raw of asArray(data['extraFields'])) {
    const f = asObject(raw);
    const content = asObject(f['data']);
    if (f['type'] === 'totp') {
      const uri = asString(content['totpUri']);
      if (extraTotp === '') extraTotp = uri;
      else fields.push({ name: asString(f['fieldName']), value: uri, hidden: true });
    } else {
      fields.push({ name: asString(f['fieldName']), value: asString(content['content']), hidden: f['type'] === 'hidden' });
    }
  }
  return { fields, extraTotp };
}

function jsonDraft(item: JsonObject, folder: string | null): RecordDraft | null {
  const data = asObject(item['data']);
  const meta = asObject(data['metadata']);
  const content = asObject(data['content']);
  const { fields, extraTotp } = extraFields(data);
  const common = { title: asString(meta['name']), notes: asString(meta['note']), folder, favorite: item['pinned'] === true, fields };
  switch (data['type']) {
    case 'note':
      return { ...common, type: 'note' };
    case 'creditCard': {
      const card: CustomField[] = [
        { name: 'Cardholder name', value: asString(content['cardholderName']), hidden: false },
        { name: 'Card number', value: asString(content['number']), hidden: true },
        { name: 'Security code', value: asString(content['verificationNumber']), hidden: true },
        { name: 'Expiry date', value: asString(content['expirationDate']), hidden: false },
        { name: 'PIN', value: asString(content['pin']), hidden: true },
      ].filter((f) => f.value !== '');
      return { ...common, type: 'card', fields: [...card, ...fields] };
    }
    case 'identity': {
      const identity = Object.entries(content)
        .filter(([, v]) => typeof v === 'string' && v !== '')
        .map(([k, v]) => ({ name: k, value: asString(v), hidden: /socialSecurity|passport|license/i.test(k) }));
      return { ...common, type: 'identity', fields: [...identity, ...fields] };
    }
    case 'login':
    case 'alias': {
      const who = loginIdentity(asString(content['itemEmail']) || asString(item['aliasEmail']), asString(content['itemUsername']));
      return {
        ...common,
        type: 'login',
        username: who.username,
        fields: [...who.fields, ...fields],
        password: asString(content['password']),
        urls: asArray(content['urls']).map(asString),
        totp: asString(content['totpUri']) || extraTotp,
      };
    }
    default:
      return null;
  }
}

function parseJson(bytes: Uint8Array): ParseResult {
  const json = parseJsonBytes(bytes, 'Proton Pass');
  const root = asObject(json);
  if (root['encrypted'] === true) {
    throw new AppError('unreadable_file', 'This Proton Pass export is encrypted (PGP). Export again without encryption, import it, then delete the file.');
  }
  if (!isObject(root['vaults'])) throw notThisFormat('Proton Pass', 'no "vaults" object');
  const out = createResultCollector('protonpass', undefined, { invalidUtf8: hasInvalidUtf8(bytes) });
  let line = 0;
  for (const vault of Object.values(root['vaults']).map(asObject)) {
    const folder = normaliseFolderPath(asString(vault['name']), '/');
    out.declareFolder(folder);
    for (const raw of asArray(vault['items'])) {
      line++;
      const item = asObject(raw);
      if (item['state'] === TRASHED) {
        out.skip(line, 'In the Proton Pass trash');
        continue;
      }
      out.addFrom(line, () => jsonDraft(item, folder), 'The item\'s "type" is not one Keyhaven imports yet (login, alias, note, creditCard, identity)');
    }
  }
  return out.finish();
}

export const protonpassFormat: ImportFormat = {
  id: 'protonpass',
  label: IMPORT_FORMAT_LABELS.protonpass,
  detect: (input) => {
    if (input.kind === 'zip') return input.zipEntries.some((n) => ZIP_DATA.test(n)) ? 1 : 0;
    if (input.kind === 'json') return isObject(input.json) && isObject(input.json['vaults']) && 'encrypted' in input.json ? 1 : 0;
    if (headerCoverage(input, CSV_COLUMNS) === 1) return 1;
    return headerCoverage(input, LEGACY_CSV_COLUMNS) === 1 ? 0.9 : 0;
  },
  parse: async (input) => {
    if (isZip(input.bytes)) {
      const files = extractZip(input.bytes, (name) => ZIP_DATA.test(name));
      const data = [...files.values()][0];
      if (data === undefined) throw notThisFormat('Proton Pass', 'the archive has no "Proton Pass/data.json"');
      return parseJson(data);
    }
    // Decoded whole (UTF-16, a BOM, any amount of leading whitespace) before deciding JSON or CSV.
    if (decodeText(input.bytes).trimStart().startsWith('{')) return parseJson(input.bytes);
    return parseHeaderedCsv(input.bytes, {
      format: 'protonpass',
      label: 'Proton Pass',
      required: [['name'], ['url'], ['username'], ['password']],
      onRow: (row, out) => {
        const draft = csvDraft(row, out.folderPath);
        if (draft === null) out.skip(row.line, 'The "type" column holds an item type Keyhaven does not import yet (login, alias, note, creditCard, identity)');
        else out.add(row.line, draft);
      },
    });
  },
};
