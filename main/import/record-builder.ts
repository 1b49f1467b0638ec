import type { CustomField, ImportedRecord, RecordDraft } from './imported-record';
import { normaliseTotp } from './totp';

export type BuildOutcome = { readonly record: ImportedRecord } | { readonly error: string };

/** Exports mix NFD (macOS) and NFC text; the vault compares and searches NFC. */
function nfc(value: string | null | undefined): string {
  return (value ?? '').normalize('NFC');
}

/** Notes re-saved by a spreadsheet on Windows carry CRLF; keep one line ending. */
function normaliseNotes(value: string | undefined): string {
  return nfc(value).replace(/\r\n?/g, '\n').replace(/\s+$/, '');
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

function cleanUrls(urls: readonly string[] | undefined): string[] {
  const out: string[] = [];
  for (const u of urls ?? []) {
    const v = nfc(u).trim();
    if (v !== '' && !out.includes(v)) out.push(v);
  }
  return out;
}

function cleanFields(fields: readonly CustomField[] | undefined): CustomField[] {
  return (fields ?? [])
    .map((f) => ({ name: nfc(f.name).trim(), value: nfc(f.value), hidden: f.hidden }))
    .filter((f) => f.name !== '' || f.value !== '');
}

/**
 * Turns what a parser read into a record, or says why the row cannot be imported.
 * Passwords are never trimmed: leading/trailing spaces can be part of a password.
 */
export function buildRecord(draft: RecordDraft, line: number): BuildOutcome {
  const type = draft.type ?? 'login';
  const rawTitle = nfc(draft.title).trim();
  const username = nfc(draft.username).trim();
  const password = nfc(draft.password);
  const urls = cleanUrls(draft.urls);
  const notes = normaliseNotes(draft.notes);
  const fields = cleanFields(draft.fields);

  if (type === 'login' && rawTitle === '' && password === '') {
    return { error: 'Row has neither a title nor a password' };
  }
  if (type !== 'login' && rawTitle === '' && notes === '' && fields.length === 0) {
    return { error: `Empty ${type === 'note' ? 'secure note' : type}: no title, notes or fields` };
  }
  const firstHost = rawTitle !== '' || urls[0] === undefined ? null : hostOf(urls[0]);
  const title = rawTitle !== '' ? rawTitle : (firstHost ?? (username !== '' ? username : 'Untitled'));

  const totp = normaliseTotp(draft.totp, title);
  if ('error' in totp) return { error: totp.error };

  const folder = draft.folder === undefined || draft.folder === null ? null : nfc(draft.folder).trim() || null;
  return {
    record: {
      type,
      title,
      username,
      password,
      urls,
      notes,
      folder,
      totp: totp.totp,
      fields,
      favorite: draft.favorite ?? false,
      line,
    },
  };
}
