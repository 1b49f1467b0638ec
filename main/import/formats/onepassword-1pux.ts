import type { CustomField, RecordDraft, RecordType } from '../imported-record';
import type { ImportFormat } from '../import-format';
import { normaliseFolderPath } from '../folder-path';
import { asArray, asObject, asString, hasInvalidUtf8, parseJsonBytes, type JsonObject } from '../json-values';
import { createResultCollector, notThisFormat } from '../result-collector';
import { extractZip } from '../zip-archive';
import { IMPORT_FORMAT_LABELS } from '../format-labels';

/** 1PUX category UUIDs (support.1password.com/1pux-format). */
const CATEGORY_TYPE: Readonly<Record<string, RecordType>> = {
  '001': 'login',
  '002': 'card',
  '003': 'note',
  '004': 'identity',
  '005': 'login', // Password
};
/** Value kinds 1Password marks as secret. */
const HIDDEN_KINDS = new Set(['concealed', 'creditCardNumber', 'totp']);

/** A section field's value is `{ <kind>: <value> }`, e.g. `{ concealed: "x" }`, `{ email: { email_address } }`. */
function fieldValue(value: JsonObject): { kind: string; text: string } {
  const [kind = '', raw] = Object.entries(value)[0] ?? [];
  if (raw !== null && typeof raw === 'object') {
    const parts = Object.values(raw as JsonObject).map(asString).filter((p) => p !== '');
    return { kind, text: parts.join(', ') };
  }
  // monthYear is an integer YYYYMM (203012); date is Unix seconds.
  if (kind === 'monthYear' && typeof raw === 'number') return { kind, text: `${String(raw % 100).padStart(2, '0')}/${Math.floor(raw / 100)}` };
  if (kind === 'date' && typeof raw === 'number') {
    // Beyond ±8.64e12 s a Date is invalid (toISOString throws): keep the number as written.
    const date = new Date(raw * 1000);
    return { kind, text: Number.isNaN(date.getTime()) ? String(raw) : date.toISOString().slice(0, 10) };
  }
  return { kind, text: asString(raw) };
}

function toDraft(item: JsonObject, folder: string | null): RecordDraft {
  const overview = asObject(item['overview']);
  const details = asObject(item['details']);
  // Own properties only: a category "constructor" must not find Object.prototype's.
  const category = asString(item['categoryUuid']);
  const type = Object.hasOwn(CATEGORY_TYPE, category) ? (CATEGORY_TYPE[category] ?? 'note') : 'note';
  let username = '';
  let password = asString(details['password']);
  for (const f of asArray(details['loginFields']).map(asObject)) {
    if (f['designation'] === 'username' && username === '') username = asString(f['value']);
    else if (f['designation'] === 'password' && password === '') password = asString(f['value']);
  }
  let totp = '';
  const fields: CustomField[] = [];
  for (const section of asArray(details['sections']).map(asObject)) {
    for (const f of asArray(section['fields']).map(asObject)) {
      const { kind, text } = fieldValue(asObject(f['value']));
      if (text === '') continue;
      if (kind === 'totp' && totp === '') {
        totp = text;
        continue;
      }
      fields.push({ name: asString(f['title']) || asString(f['id']), value: text, hidden: HIDDEN_KINDS.has(kind) });
    }
  }
  const tags = asArray(overview['tags']).map(asString).filter((t) => t !== '');
  if (tags.length > 0) fields.push({ name: 'Tags', value: tags.join(', '), hidden: false });
  const urls = [asString(overview['url']), ...asArray(overview['urls']).map((u) => asString(asObject(u)['url']))];
  return {
    type,
    title: asString(overview['title']),
    username,
    password,
    urls: type === 'login' ? urls : [],
    notes: asString(details['notesPlain']),
    totp: type === 'login' ? totp : '',
    fields: type === 'login' || totp === '' ? fields : [{ name: 'One-time password', value: totp, hidden: true }, ...fields],
    favorite: Number(item['favIndex'] ?? 0) > 0,
    folder,
  };
}

export const onePassword1puxFormat: ImportFormat = {
  id: '1password-1pux',
  label: IMPORT_FORMAT_LABELS['1password-1pux'],
  detect: (input) => (input.kind === 'zip' && input.zipEntries.includes('export.data') ? 1 : 0),
  parse: async (input) => {
    const files = extractZip(input.bytes, (name) => name === 'export.data');
    const data = files.get('export.data');
    if (data === undefined) throw notThisFormat('1Password 1PUX', 'the archive has no export.data');
    const root = asObject(parseJsonBytes(data, '1Password'));
    // An unknown structure is refused, never read as an empty export.
    if (!Array.isArray(root['accounts'])) throw notThisFormat('1Password 1PUX', 'export.data has no "accounts" list');
    const out = createResultCollector('1password-1pux', undefined, { invalidUtf8: hasInvalidUtf8(data) });
    let line = 0;
    for (const [a, account] of root['accounts'].map(asObject).entries()) {
      if (!Array.isArray(account['vaults'])) throw notThisFormat('1Password 1PUX', `account ${a + 1} in export.data has no "vaults" list`);
      const vaults = asArray(account['vaults']).map(asObject);
      for (const [v, vault] of vaults.entries()) {
        if (!Array.isArray(vault['items'])) throw notThisFormat('1Password 1PUX', `vault ${v + 1} of account ${a + 1} has no "items" list`);
        // A single vault is the whole account; with several, each vault becomes a folder.
        const folder = vaults.length > 1 ? normaliseFolderPath(asString(asObject(vault['attrs'])['name']), '/') : null;
        out.declareFolder(folder);
        for (const raw of asArray(vault['items'])) {
          line++;
          // Early 1PUX files wrapped each item as `{ item: {...} }`.
          const wrapped = asObject(raw);
          const item = 'overview' in wrapped ? wrapped : asObject(wrapped['item']);
          if (item['state'] === 'trashed') out.skip(line, 'In the 1Password trash');
          else out.addFrom(line, () => toDraft(item, folder));
        }
      }
    }
    return out.finish();
  },
};
