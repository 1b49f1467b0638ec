import { describe, expect, it } from 'vitest';
import { prepareRecord } from '../../../main/vault/prepare-record';
import type { VaultRecordInput } from '../../../main/vault/record';

const input: VaultRecordInput = {
  id: 'a'.repeat(32),
  type: 'login',
  title: 'Example',
  username: 'alice',
  password: 'pw',
  urls: ['https://example.com'],
  notes: '',
  folder: null,
  totp: null,
  fields: [],
  favorite: false,
};
const newId = (): string => 'b'.repeat(32);

describe('prepareRecord stamps', () => {
  it('stamps the time the Date holds at each call, even when the same Date is changed between calls', () => {
    const now = new Date('2026-03-01T10:00:00.000Z');
    expect(prepareRecord(input, null, now, newId).updatedAt).toBe('2026-03-01T10:00:00.000Z');
    now.setTime(Date.parse('2026-03-02T11:30:00.000Z'));
    const later = prepareRecord(input, null, now, newId);
    expect(later.updatedAt).toBe('2026-03-02T11:30:00.000Z');
    expect(later.createdAt).toBe('2026-03-02T11:30:00.000Z');
    expect(prepareRecord(input, null, new Date('2026-03-03T00:00:00.000Z'), newId).updatedAt).toBe('2026-03-03T00:00:00.000Z');
  });

  it('keeps the first creation time on edit and refuses an invalid Date as toISOString does', () => {
    const existing = prepareRecord(input, null, new Date('2026-01-01T00:00:00.000Z'), newId);
    const edited = prepareRecord(input, existing, new Date('2026-02-01T00:00:00.000Z'), newId);
    expect(edited).toMatchObject({ createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-02-01T00:00:00.000Z' });
    expect(() => prepareRecord(input, null, new Date(Number.NaN), newId)).toThrow(RangeError);
    expect(() => prepareRecord(input, null, new Date(Number.NaN), newId)).toThrow(RangeError);
  });
});
