import type { CustomField } from '../imported-record';
import type { ImportFormat } from '../import-format';
import { normaliseFolderPath } from '../folder-path';
import { DEFAULT_IMPORT_LIMITS } from '../import-limits';
import { asArray, asObject, asString, hasInvalidUtf8, isObject, nestsDeeperThan, parseJsonBytes } from '../json-values';
import { loginOrNote } from '../record-builder';
import { createResultCollector, notThisFormat } from '../result-collector';
import { IMPORT_FORMAT_LABELS } from '../format-labels';

/**
 * Keeper JSON: `{ shared_folders?, records: [{ title, login, password, login_url, notes,
 * custom_fields: { name: value }, folders: [{ folder } | { shared_folder, folder? }] }] }`.
 * The TOTP seed is the custom field "TFC:Keeper"; newer exports key typed fields as
 * `$oneTimeCode` / `$type:Label`.
 */
function isTotpKey(key: string): boolean {
  return key === 'TFC:Keeper' || key.startsWith('$oneTimeCode');
}

function fieldName(key: string): string {
  // `$text:Label` → `Label`; `$pinCode` → `pinCode`.
  const m = /^\$[A-Za-z]+:(.+?)(::\d+)?$/.exec(key) ?? /^\$([A-Za-z]+)(::\d+)?$/.exec(key);
  return m?.[1] ?? key;
}

function folderOf(record: Readonly<Record<string, unknown>>): string | null {
  const first = asObject(asArray(record['folders'])[0]);
  const shared = asString(first['shared_folder']);
  const folder = asString(first['folder']);
  return normaliseFolderPath([shared, folder].filter((p) => p !== '').join('\\'), '\\');
}

export const keeperJsonFormat: ImportFormat = {
  id: 'keeper-json',
  label: IMPORT_FORMAT_LABELS['keeper-json'],
  detect: (input) => {
    if (input.kind !== 'json' || !isObject(input.json) || !Array.isArray(input.json['records'])) return 0;
    const first = asObject(input.json['records'][0]);
    return 'title' in first || 'login' in first || 'login_url' in first || input.json['records'].length === 0 ? 0.95 : 0.3;
  },
  parse: async (input) => {
    const json = asObject(parseJsonBytes(input.bytes, 'Keeper'));
    if (!Array.isArray(json['records'])) throw notThisFormat('Keeper JSON', 'no "records" list');
    const out = createResultCollector('keeper-json', undefined, { invalidUtf8: hasInvalidUtf8(input.bytes) });
    for (const sf of asArray(json['shared_folders'])) out.declareFolder(normaliseFolderPath(asString(asObject(sf)['path']), '\\'));
    asArray(json['records']).forEach((raw, i) => {
      const record = asObject(raw);
      if (nestsDeeperThan(record['custom_fields'], DEFAULT_IMPORT_LIMITS.maxDepth)) {
        out.error(i + 1, `A value in "custom_fields" is nested more than ${DEFAULT_IMPORT_LIMITS.maxDepth} levels deep`);
        return;
      }
      const fields: CustomField[] = [];
      let totp = '';
      for (const [key, value] of Object.entries(asObject(record['custom_fields']))) {
        const text = Array.isArray(value) ? value.map(asString).join(', ') : isObject(value) ? JSON.stringify(value) : asString(value);
        if (isTotpKey(key)) totp = text;
        else fields.push({ name: fieldName(key), value: text, hidden: /password|pin|secret/i.test(key) });
      }
      const login = asString(record['login']);
      const password = asString(record['password']);
      const url = asString(record['login_url']);
      const notes = asString(record['notes']);
      out.add(i + 1, {
        type: loginOrNote({ username: login, password, url, totp, notes }),
        title: asString(record['title']),
        username: login,
        password,
        urls: [url],
        notes,
        totp,
        fields,
        folder: folderOf(record),
      });
    });
    return out.finish();
  },
};
