import type { CustomField, ImportedRecord, RecordDraft } from './imported-record';
import type { FolderPaths } from './folder-path';
import { normaliseTotp } from './totp';
import { nfc as nfcText } from './well-formed';

/** A record, plus what could not be kept from its row (e.g. an invalid one-time password seed). */
export type BuildOutcome = { readonly record: ImportedRecord; readonly warning?: string } | { readonly error: string };

/**
 * Exports mix NFD (macOS) and NFC text; the vault compares and searches NFC. A lone UTF-16
 * surrogate (JSON `\ud800`, XML `&#xD800;`) cannot be stored as UTF-8: it becomes U+FFFD.
 */
export function nfc(value: string | null | undefined): string {
  return nfcText(value ?? '');
}

/** Notes re-saved by a spreadsheet on Windows carry CRLF; keep one line ending. trimEnd is linear (a `\s+$` regex is not). */
function normaliseNotes(value: string | undefined): string {
  const text = nfc(value);
  return (text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text).trimEnd();
}

/**
 * KeePass and Keeper have no note type: an entry holding only notes (no username, password,
 * URL or TOTP) is what other managers call a secure note.
 */
export function loginOrNote(entry: { username: string; password: string; url: string; totp: string; notes: string }): 'login' | 'note' {
  const onlyNotes = entry.username === '' && entry.password === '' && entry.url.trim() === '' && entry.totp.trim() === '' && entry.notes.trim() !== '';
  return onlyNotes ? 'note' : 'login';
}

export function hostOf(url: string): string | null {
  const candidate = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `https://${url}`;
  try {
    const host = new URL(candidate).hostname.toLowerCase();
    return host === '' ? null : host.replace(/^www\./, '');
  } catch {
    return null;
  }
}

/** De-duplicated in first-seen order; a Set keeps 100,000 URLs in one cell linear. */
function cleanUrls(urls: readonly string[] | undefined): string[] {
  // Most rows have one URL or none: no Set, no spread.
  if (urls === undefined || urls.length === 0) return [];
  if (urls.length === 1) {
    const only = nfc(urls[0]).trim();
    return only === '' ? [] : [only];
  }
  const out = new Set<string>();
  for (const u of urls) {
    const v = nfc(u).trim();
    if (v !== '') out.add(v);
  }
  return [...out];
}

function cleanFields(fields: readonly CustomField[] | undefined): CustomField[] {
  if (fields === undefined || fields.length === 0) return [];
  return fields
    .map((f) => ({ name: nfc(f.name).trim(), value: nfc(f.value), hidden: f.hidden }))
    .filter((f) => f.name !== '' || f.value !== '');
}

/**
 * Turns what a parser read into a record, or says why the row cannot be imported.
 * Passwords are never trimmed: leading/trailing spaces can be part of a password.
 */
export function buildRecord(draft: RecordDraft, line: number, folderPath: FolderPaths): BuildOutcome {
  const type = draft.type ?? 'login';
  const rawTitle = nfc(draft.title).trim();
  const username = nfc(draft.username).trim();
  const password = nfc(draft.password);
  const urls = cleanUrls(draft.urls);
  const notes = normaliseNotes(draft.notes);
  const fields = cleanFields(draft.fields);

  // A browser login with an empty username or password is still a login; only a row with
  // nothing that identifies a login at all is an error.
  if (type === 'login' && rawTitle === '' && password === '' && username === '' && urls.length === 0) {
    return { error: 'Row has no title, username, password or URL' };
  }
  if (type !== 'login' && rawTitle === '' && notes === '' && fields.length === 0) {
    return { error: `Empty ${type === 'note' ? 'secure note' : type}: no title, notes or fields` };
  }
  const firstHost = rawTitle !== '' || urls[0] === undefined ? null : hostOf(urls[0]);
  const title = rawTitle !== '' ? rawTitle : (firstHost ?? (username !== '' ? username : 'Untitled'));

  // An unusable seed never costs the row its password: the record imports without it and
  // the seed is reported.
  const totp = normaliseTotp(nfc(draft.totp), title);

  // The parse's folder paths (normaliseFolderPath, remembered) put the path in normal form C themselves.
  const folder = folderPath(draft.folder ?? null, '/');
  const record: ImportedRecord = {
    type,
    title,
    username,
    password,
    urls,
    notes,
    folder,
    totp: 'error' in totp ? null : totp.totp,
    fields,
    favorite: draft.favorite ?? false,
    line,
  };
  return 'error' in totp ? { record, warning: `${totp.error}; the item was imported without it` } : { record };
}
