import { describe, expect, it } from 'vitest';
import type { VaultRecord } from '../../../preload/contract';
import { copiedMessage, emptyRecordForm, recordDraftFrom, recordFormFrom, validateRecordForm } from '../../../renderer/src/vault/record-form';

const record: VaultRecord = {
  id: 'r1', type: 'login', title: 'GitHub', username: 'alice', password: 's3cret', urls: ['https://github.com', 'https://gist.github.com'],
  notes: 'a\nb', folder: 'Work', totp: 'JBSWY3DPEHPK3PXP', fields: [{ name: 'PIN', value: '1234', hidden: true }], favorite: true,
  createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z',
};

describe('record form', () => {
  it('round-trips a record, keeping extra URLs and the id', () => {
    const draft = recordDraftFrom(recordFormFrom(record));
    const { createdAt: _c, updatedAt: _u, ...rest } = record;
    expect(draft).toEqual(rest);
  });

  it('requires a title', () => {
    expect(validateRecordForm(emptyRecordForm()).title).toBe('Enter a title.');
    expect(validateRecordForm({ ...emptyRecordForm(), title: ' x ' })).toEqual({});
  });

  it('turns empty folder and TOTP into null and drops unnamed empty fields', () => {
    const draft = recordDraftFrom({ ...emptyRecordForm(), title: ' New ', folder: ' ', totp: '', fields: [{ name: ' ', value: '', hidden: false }] });
    expect(draft).toMatchObject({ title: 'New', folder: null, totp: null, fields: [], urls: [] });
    expect('id' in draft).toBe(false);
  });

  it('refuses a named-less custom field that holds a value', () => {
    expect(validateRecordForm({ ...emptyRecordForm(), title: 't', fields: [{ name: '', value: 'v', hidden: false }] }).fields).toBeDefined();
  });

  it('words the copy status with the clearing delay', () => {
    expect(copiedMessage('password', 30)).toBe('Password copied. The clipboard clears in 30 seconds.');
    expect(copiedMessage('totp', 1)).toBe('Code copied. The clipboard clears in 1 second.');
    expect(copiedMessage('username', 0)).toBe('Username copied.');
  });
});
