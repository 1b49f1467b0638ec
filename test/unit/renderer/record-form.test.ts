import { describe, expect, it } from 'vitest';
import type { VaultRecord } from '../../../preload/contract';
import { copiedMessage, emptyRecordForm, recordDraftFrom, recordFormFrom, validateRecordForm, withType } from '../../../renderer/src/vault/record-form';

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

describe('record form for cards and identities', () => {
  const card: VaultRecord = {
    ...record, id: 'c1', type: 'card', title: 'Company Visa', username: '', password: '', urls: [], totp: null,
    fields: [
      { name: 'Cardholder name', value: 'Alice Example', hidden: false },
      { name: 'Card number', value: '4111 1111 1111 1111', hidden: true },
      { name: 'PIN', value: '0000', hidden: true },
    ],
  };

  it('splits a card\'s named fields from its other fields and puts them back in front', () => {
    const form = recordFormFrom(card);
    expect(form.template).toEqual({ 'Cardholder name': 'Alice Example', 'Card number': '4111 1111 1111 1111' });
    expect(form.fields).toEqual([{ name: 'PIN', value: '0000', hidden: true }]);
    const { createdAt: _c, updatedAt: _u, ...rest } = card;
    expect(recordDraftFrom(form)).toEqual(rest);
  });

  it('keeps every value when the type changes: named fields the new type lacks become ordinary fields', () => {
    const asNote = withType(recordFormFrom(card), 'note');
    expect(asNote.template).toEqual({});
    expect(recordDraftFrom(asNote).fields).toEqual([
      { name: 'Cardholder name', value: 'Alice Example', hidden: false },
      { name: 'Card number', value: '4111 1111 1111 1111', hidden: true },
      { name: 'PIN', value: '0000', hidden: true },
    ]);
    expect(withType(asNote, 'card').template).toEqual({ 'Cardholder name': 'Alice Example', 'Card number': '4111 1111 1111 1111' });
  });

  it('names a malformed card number or expiry date', () => {
    const form = { ...emptyRecordForm(null, 'card'), title: 'Card', template: { 'Card number': '4111-1111', 'Expiry date': '13/29' } };
    expect(validateRecordForm(form)).toEqual({
      'Card number': 'A card number has 8 to 19 digits (spaces allowed).',
      'Expiry date': 'Write the expiry date as MM/YY, for example 04/29.',
    });
    expect(validateRecordForm({ ...form, template: { 'Card number': '4111 1111 1111 1111', 'Expiry date': '04/29' } })).toEqual({});
  });
});
