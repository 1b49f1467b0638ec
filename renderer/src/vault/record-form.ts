import type { VaultField, VaultRecord, VaultRecordDraft } from '../../../preload/contract';

/** What the edit form holds: plain strings, one website box (extra URLs are kept as they are). */
export interface RecordForm {
  readonly id: string | undefined;
  readonly type: VaultRecord['type'];
  readonly title: string;
  readonly username: string;
  readonly password: string;
  readonly website: string;
  readonly otherUrls: readonly string[];
  readonly notes: string;
  readonly folder: string;
  readonly totp: string;
  readonly favorite: boolean;
  readonly fields: readonly VaultField[];
}

export type RecordFormErrors = Partial<Record<'title' | 'website' | 'fields', string>>;

export function emptyRecordForm(folder: string | null = null): RecordForm {
  return {
    id: undefined, type: 'login', title: '', username: '', password: '', website: '', otherUrls: [],
    notes: '', folder: folder ?? '', totp: '', favorite: false, fields: [],
  };
}

export function recordFormFrom(record: VaultRecord): RecordForm {
  return {
    id: record.id,
    type: record.type,
    title: record.title,
    username: record.username,
    password: record.password,
    website: record.urls[0] ?? '',
    otherUrls: record.urls.slice(1),
    notes: record.notes,
    folder: record.folder ?? '',
    totp: record.totp ?? '',
    favorite: record.favorite,
    fields: record.fields,
  };
}

export function validateRecordForm(form: RecordForm): RecordFormErrors {
  const errors: { -readonly [K in keyof RecordFormErrors]: string } = {};
  if (form.title.trim() === '') errors.title = 'Enter a title.';
  if (/\s/.test(form.website.trim())) errors.website = 'A website address cannot contain spaces.';
  if (form.fields.some((f) => f.name.trim() === '' && f.value !== '')) errors.fields = 'Give every custom field a name.';
  return errors;
}

export function recordDraftFrom(form: RecordForm): VaultRecordDraft {
  const website = form.website.trim();
  const draft: VaultRecordDraft = {
    type: form.type,
    title: form.title.trim(),
    username: form.username,
    password: form.password,
    urls: [...(website ? [website] : []), ...form.otherUrls],
    notes: form.notes,
    folder: form.folder.trim() === '' ? null : form.folder.trim(),
    totp: form.totp.trim() === '' ? null : form.totp.trim(),
    fields: form.fields.filter((f) => f.name.trim() !== '').map((f) => ({ ...f, name: f.name.trim() })),
    favorite: form.favorite,
  };
  return form.id === undefined ? draft : { ...draft, id: form.id };
}

const FIELD_WORDS = { username: 'Username', password: 'Password', totp: 'Code' } as const;

/** The status line after a copy; main says when the clipboard clears (0: never). */
export function copiedMessage(field: keyof typeof FIELD_WORDS, clearsInSeconds: number): string {
  const what = `${FIELD_WORDS[field]} copied.`;
  if (clearsInSeconds <= 0) return what;
  return `${what} The clipboard clears in ${clearsInSeconds} second${clearsInSeconds === 1 ? '' : 's'}.`;
}
