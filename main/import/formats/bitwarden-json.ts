import { AppError } from '../../errors/app-error';
import type { CustomField, RecordDraft } from '../imported-record';
import type { ImportFormat } from '../import-format';
import { normaliseFolderPath } from '../folder-path';
import { asArray, asObject, asString, hasInvalidUtf8, isObject, parseJsonBytes, type JsonObject } from '../json-values';
import { createResultCollector, notThisFormat } from '../result-collector';
import { IMPORT_FORMAT_LABELS } from '../format-labels';

/** Bitwarden field types: 0 text, 1 hidden, 2 boolean, 3 linked (points at another field). */
const FIELD_HIDDEN = 1;
const FIELD_LINKED = 3;

function plainFields(item: JsonObject): CustomField[] {
  return asArray(item['fields'])
    .map(asObject)
    .filter((f) => f['type'] !== FIELD_LINKED)
    .map((f) => ({ name: asString(f['name']), value: asString(f['value']), hidden: f['type'] === FIELD_HIDDEN }));
}

function named(source: JsonObject, spec: readonly (readonly [string, string, boolean])[]): CustomField[] {
  return spec.map(([key, name, hidden]) => ({ name, value: asString(source[key]), hidden })).filter((f) => f.value !== '');
}

const CARD = [
  ['cardholderName', 'Cardholder name', false],
  ['brand', 'Brand', false],
  ['number', 'Card number', true],
  ['expMonth', 'Expiry month', false],
  ['expYear', 'Expiry year', false],
  ['code', 'Security code', true],
] as const;

const IDENTITY = [
  ['title', 'Title', false], ['firstName', 'First name', false], ['middleName', 'Middle name', false],
  ['lastName', 'Last name', false], ['company', 'Company', false], ['email', 'Email', false],
  ['phone', 'Phone', false], ['address1', 'Address line 1', false], ['address2', 'Address line 2', false],
  ['address3', 'Address line 3', false], ['city', 'City', false], ['state', 'State', false],
  ['postalCode', 'Postal code', false], ['country', 'Country', false], ['username', 'Username', false],
  ['ssn', 'Social security number', true], ['passportNumber', 'Passport number', true],
  ['licenseNumber', 'License number', true],
] as const;

function toDraft(item: JsonObject, folder: string | null): RecordDraft | null {
  const common = {
    title: asString(item['name']),
    notes: asString(item['notes']),
    favorite: item['favorite'] === true,
    folder,
    fields: plainFields(item),
  };
  switch (item['type']) {
    case 1: {
      const login = asObject(item['login']);
      return {
        ...common,
        type: 'login',
        username: asString(login['username']),
        password: asString(login['password']),
        totp: asString(login['totp']),
        urls: asArray(login['uris']).map((u) => asString(asObject(u)['uri'])),
      };
    }
    case 2:
      return { ...common, type: 'note' };
    case 3:
      return { ...common, type: 'card', fields: [...named(asObject(item['card']), CARD), ...common.fields] };
    case 4:
      return { ...common, type: 'identity', fields: [...named(asObject(item['identity']), IDENTITY), ...common.fields] };
    default:
      return null;
  }
}

export const bitwardenJsonFormat: ImportFormat = {
  id: 'bitwarden-json',
  label: IMPORT_FORMAT_LABELS['bitwarden-json'],
  detect: (input) => {
    if (input.kind !== 'json' || !isObject(input.json)) return 0;
    const j = input.json;
    if (typeof j['encrypted'] === 'boolean' && Array.isArray(j['items'])) return 1;
    if (typeof j['encrypted'] === 'boolean' && 'encKeyValidation_DO_NOT_EDIT' in j) return 1;
    return Array.isArray(j['items']) && (Array.isArray(j['folders']) || Array.isArray(j['collections'])) ? 0.8 : 0;
  },
  parse: async (input) => {
    const json = asObject(parseJsonBytes(input.bytes, 'Bitwarden'));
    if (json['encrypted'] === true) {
      throw new AppError(
        'unreadable_file',
        'This Bitwarden export is encrypted. In Bitwarden, export again choosing ".json" (not "encrypted"), import it, then delete the file.',
      );
    }
    if (!Array.isArray(json['items'])) throw notThisFormat('Bitwarden JSON', 'no "items" list');
    const out = createResultCollector('bitwarden-json', undefined, { invalidUtf8: hasInvalidUtf8(input.bytes) });
    const folderNames = new Map<string, string>();
    for (const f of [...asArray(json['folders']), ...asArray(json['collections'])].map(asObject)) {
      folderNames.set(asString(f['id']), asString(f['name']));
      out.declareFolder(asString(f['name']));
    }
    asArray(json['items']).forEach((raw, i) => {
      out.addFrom(
        i + 1,
        () => {
          const item = asObject(raw);
          // Organisation exports use collections where personal ones use folders.
          const folderId = asString(item['folderId']) || asString(asArray(item['collectionIds'])[0]);
          const folder = normaliseFolderPath(folderNames.get(folderId) ?? null, '/');
          return toDraft(item, folder);
        },
        'The item\'s "type" is not one Keyhaven imports yet (login, note, card, identity)',
      );
    });
    return out.finish();
  },
};
