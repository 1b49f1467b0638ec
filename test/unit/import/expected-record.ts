import type { ImportedRecord } from '../../../main/import/imported-record';

/** A complete expected record: every field not given is its empty default, so toEqual checks all of them. */
export function rec(partial: Partial<ImportedRecord> & { line: number; title: string }): ImportedRecord {
  return {
    type: 'login',
    username: '',
    password: '',
    urls: [],
    notes: '',
    folder: null,
    totp: null,
    fields: [],
    favorite: false,
    ...partial,
  };
}

export const CAFE = 'Café Zürich 🔑';
export const CAFE_TOTP = 'otpauth://totp/Caf%C3%A9%20Z%C3%BCrich%20%F0%9F%94%91?secret=JBSWY3DPEHPK3PXP';
