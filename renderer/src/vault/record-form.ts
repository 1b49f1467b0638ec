import type { RecordType, VaultField, VaultRecord, VaultRecordDraft } from '../../../preload/contract';
import { TEMPLATE_FIELDS } from './record-types';

/** What the edit form holds: plain strings, one website box (extra URLs are kept as they are). */
export interface RecordForm {
  readonly id: string | undefined;
  readonly type: RecordType;
  readonly title: string;
  readonly username: string;
  readonly password: string;
  readonly website: string;
  readonly otherUrls: readonly string[];
  readonly notes: string;
  readonly folder: string;
  readonly totp: string;
  readonly favorite: boolean;
  /** The card's or identity's named fields, by name (see TEMPLATE_FIELDS). */
  readonly template: Readonly<Record<string, string>>;
  /** Every other field, in order. */
  readonly fields: readonly VaultField[];
}

export type RecordFormErrors = Partial<Record<'title' | 'website' | 'fields' | 'Card number' | 'Expiry date', string>>;

export function emptyRecordForm(folder: string | null = null, type: RecordType = 'login'): RecordForm {
  return {
    id: undefined, type, title: '', username: '', password: '', website: '', otherUrls: [],
    notes: '', folder: folder ?? '', totp: '', favorite: false, template: {}, fields: [],
  };
}

/** Splits a record's fields into its type's named ones (first of each name) and the rest. */
function splitFields(type: RecordType, fields: readonly VaultField[]): { template: Record<string, string>; rest: VaultField[] } {
  const names = new Set(TEMPLATE_FIELDS[type].map((t) => t.name));
  const template: Record<string, string> = {};
  const rest: VaultField[] = [];
  for (const field of fields) {
    if (names.has(field.name) && !(field.name in template)) template[field.name] = field.value;
    else rest.push(field);
  }
  return { template, rest };
}

export function recordFormFrom(record: VaultRecord): RecordForm {
  const { template, rest } = splitFields(record.type, record.fields);
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
    template,
    fields: rest,
  };
}

/** Changing the type keeps every value: named fields the new type lacks become ordinary fields. */
export function withType(form: RecordForm, type: RecordType): RecordForm {
  const current = [...templateFields(form), ...form.fields];
  const { template, rest } = splitFields(type, current);
  return { ...form, type, template, fields: rest };
}

function templateFields(form: RecordForm): VaultField[] {
  return TEMPLATE_FIELDS[form.type]
    .filter((t) => (form.template[t.name] ?? '') !== '')
    .map((t) => ({ name: t.name, value: form.template[t.name] ?? '', hidden: t.hidden }));
}

const CARD_NUMBER = /^[0-9 ]{8,23}$/;
const EXPIRY = /^(0[1-9]|1[0-2])\/(\d{2}|\d{4})$/;

export function validateRecordForm(form: RecordForm): RecordFormErrors {
  const errors: { -readonly [K in keyof RecordFormErrors]: string } = {};
  if (form.title.trim() === '') errors.title = 'Enter a title.';
  if (/\s/.test(form.website.trim())) errors.website = 'A website address cannot contain spaces.';
  if (form.fields.some((f) => f.name.trim() === '' && f.value !== '')) errors.fields = 'Give every custom field a name.';
  if (form.type === 'card') {
    const number = (form.template['Card number'] ?? '').trim();
    if (number !== '' && !CARD_NUMBER.test(number)) errors['Card number'] = 'A card number has 8 to 19 digits (spaces allowed).';
    const expiry = (form.template['Expiry date'] ?? '').trim();
    if (expiry !== '' && !EXPIRY.test(expiry)) errors['Expiry date'] = 'Write the expiry date as MM/YY, for example 04/29.';
  }
  return errors;
}

export function recordDraftFrom(form: RecordForm): VaultRecordDraft {
  const website = form.website.trim();
  const custom = form.fields.filter((f) => f.name.trim() !== '').map((f) => ({ ...f, name: f.name.trim() }));
  const draft: VaultRecordDraft = {
    type: form.type,
    title: form.title.trim(),
    username: form.username,
    password: form.password,
    urls: [...(website ? [website] : []), ...form.otherUrls],
    notes: form.notes,
    folder: form.folder.trim() === '' ? null : form.folder.trim(),
    totp: form.totp.trim() === '' ? null : form.totp.trim(),
    fields: [...templateFields({ ...form, template: Object.fromEntries(Object.entries(form.template).map(([k, v]) => [k, v.trim()])) }), ...custom],
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
