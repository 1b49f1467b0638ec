import { describe, expect, it } from 'vitest';
import type { ImportedRecord, ParseResult } from '../../../main/import/imported-record';
import { previewImport, type ExistingItem } from '../../../main/import/preview-import';
import { rec } from './expected-record';

function result(records: ImportedRecord[]): ParseResult {
  return { format: 'x', records, folders: [], errors: [], skipped: [], errorCount: 0, skippedCount: 0, warnings: [], warningCount: 0, rows: records.length };
}

const SAVED = '2026-01-01T00:00:00.000Z';
function vaultItem(id: string, record: ImportedRecord, updatedAt = SAVED): ExistingItem {
  const { line: _line, ...content } = record;
  return { id, createdAt: SAVED, updatedAt, ...content };
}

describe('merge on re-import', () => {
  const mail = rec({ line: 2, title: 'Mail', username: 'me', password: 'old', urls: ['https://mail.example.com'] });
  const bank = rec({ line: 3, title: 'Bank', username: 'me', password: 'old', urls: ['https://bank.example.com'] });
  const shop = rec({ line: 4, title: 'Shop', username: 'me', password: 'same', urls: ['https://shop.example.com'] });

  it('adds new items, updates unedited matches by URL + username, leaves edited and unchanged ones alone', () => {
    const existing = [vaultItem('id-mail', mail), vaultItem('id-bank', bank, '2026-02-01T00:00:00.000Z'), vaultItem('id-shop', shop)];
    const file = [
      { ...mail, password: 'new' },
      { ...bank, password: 'new' },
      shop,
      rec({ line: 5, title: 'News', username: 'me', password: 'pw', urls: ['https://www.news.example.com/login'] }),
      // The same login twice in the file: the second is a duplicate, left alone.
      rec({ line: 6, title: 'News again', username: 'ME', password: 'pw2', urls: ['https://news.example.com'] }),
    ];
    const { merge, duplicates } = previewImport(result(file), existing);
    expect(merge.added.map((r) => r.title)).toEqual(['News']);
    expect(merge.updated.map((u) => [u.id, u.record.password])).toEqual([['id-mail', 'new']]);
    expect(merge.leftAlone.map((r) => r.title)).toEqual(['Bank', 'Shop', 'News again']);
    expect(duplicates).toBe(4);
  });

  it('updates one vault item once, even when two records of the file match it', () => {
    const existing = [vaultItem('id-mail', mail)];
    const { merge } = previewImport(result([{ ...mail, password: 'a' }, { ...mail, line: 9, password: 'b' }]), existing);
    expect(merge.updated.map((u) => u.record.password)).toEqual(['a']);
    expect(merge.leftAlone).toHaveLength(1);
  });
});
