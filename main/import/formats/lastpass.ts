import type { CustomField, RecordDraft, RecordType } from '../imported-record';
import type { ImportFormat } from '../import-format';
import { isTruthy, parseHeaderedCsv } from '../csv-import';
import type { FolderPaths } from '../folder-path';
import { headerCoverage } from '../sniffed-input';
import { IMPORT_FORMAT_LABELS } from '../format-labels';

const COLUMNS = ['url', 'username', 'password', 'extra', 'name', 'grouping', 'fav'];
/** LastPass marks secure notes with this pseudo URL. */
const SECURE_NOTE_URL = 'http://sn';
const HIDDEN_FIELD = /password|passphrase|pin|security code|cvv|cvc|secret|private key|number/i;

const NOTE_TYPE_TO_RECORD: Readonly<Record<string, RecordType>> = {
  'credit card': 'card',
  address: 'identity',
};

/**
 * A typed secure note's `extra` is `NoteType:Server\nHostname:…\nNotes:free text…`; the
 * `Notes:` key is last and its value runs to the end (it may span lines).
 */
export function parseLastPassNoteExtra(extra: string): { noteType: string; fields: CustomField[]; notes: string } {
  const lines = extra.replace(/\r\n?/g, '\n').split('\n');
  const first = lines[0] ?? '';
  const noteType = first.slice('NoteType:'.length).trim();
  const fields: CustomField[] = [];
  let notes = '';
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.startsWith('Notes:')) {
      notes = [line.slice('Notes:'.length), ...lines.slice(i + 1)].join('\n');
      break;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon);
    if (name === 'Language') continue;
    const value = line.slice(colon + 1).replace(/^,$/, '');
    if (value === '') continue;
    fields.push({ name, value, hidden: HIDDEN_FIELD.test(name) });
  }
  return { noteType, fields, notes };
}

function toDraft(get: (c: string) => string, folderPath: FolderPaths): RecordDraft {
  const url = get('url').trim();
  const extra = get('extra');
  // Built as literals, not spread from a shared part: this runs once per row of the file.
  const title = get('name');
  const folder = folderPath(get('grouping'), '\\');
  const favorite = isTruthy(get('fav'));
  if (url === SECURE_NOTE_URL) {
    if (extra.startsWith('NoteType:')) {
      const typed = parseLastPassNoteExtra(extra);
      // Own properties only: a note type "constructor" must not find Object.prototype's.
      const key = typed.noteType.toLowerCase();
      const type = Object.hasOwn(NOTE_TYPE_TO_RECORD, key) ? (NOTE_TYPE_TO_RECORD[key] ?? 'note') : 'note';
      const fields = type === 'note' ? [{ name: 'Note type', value: typed.noteType, hidden: false }, ...typed.fields] : typed.fields;
      return { title, folder, favorite, type, notes: typed.notes, fields };
    }
    return { title, folder, favorite, type: 'note', notes: extra };
  }
  return {
    title,
    folder,
    favorite,
    type: 'login',
    username: get('username'),
    password: get('password'),
    // LastPass writes a bare "http://" for logins saved without a site.
    urls: url === 'http://' ? [] : [url],
    notes: extra,
    totp: get('totp'),
  };
}

export const lastpassFormat: ImportFormat = {
  id: 'lastpass',
  label: IMPORT_FORMAT_LABELS.lastpass,
  detect: (input) => (headerCoverage(input, COLUMNS) === 1 ? 1 : 0),
  parse: async (input) =>
    parseHeaderedCsv(input.bytes, {
      format: 'lastpass',
      label: 'LastPass',
      required: [['url'], ['username'], ['password'], ['extra'], ['name'], ['grouping']],
      onRow: (row, out) => out.add(row.line, toDraft((c) => row.get(c), out.folderPath)),
    }),
};
