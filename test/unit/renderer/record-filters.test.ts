import { describe, expect, it } from 'vitest';
import type { VaultRecord } from '../../../preload/contract';
import { countByFolder, filterRecords, sameFilter } from '../../../renderer/src/vault/record-filters';

function record(id: string, folder: string | null, favorite = false): VaultRecord {
  return {
    id, type: 'login', title: id, username: '', password: '', urls: [], notes: '', folder, totp: null,
    fields: [], favorite, createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z',
  };
}

const records = [record('a', 'Work', true), record('b', 'work'), record('c', null, true), record('d', 'Banking'), record('e', 'Work'), record('f', '  ')];

describe('record filters', () => {
  it('counts all items, favourites and each folder, folders sorted by name', () => {
    const counts = countByFolder(records);
    expect(counts).toMatchObject({ all: 6, favorites: 2, unfiled: 2 });
    expect(counts.folders[0]).toEqual({ name: 'Banking', count: 1 });
    expect(counts.folders).toHaveLength(3);
    expect(counts.folders).toContainEqual({ name: 'Work', count: 2 });
    expect(counts.folders).toContainEqual({ name: 'work', count: 1 });
  });

  it('filters by favourites and by one folder exactly', () => {
    expect(filterRecords(records, { kind: 'all' })).toBe(records);
    expect(filterRecords(records, { kind: 'favorites' }).map((r) => r.id)).toEqual(['a', 'c']);
    expect(filterRecords(records, { kind: 'folder', folder: 'Work' }).map((r) => r.id)).toEqual(['a', 'e']);
  });

  it('compares filters by kind and folder', () => {
    expect(sameFilter({ kind: 'folder', folder: 'A' }, { kind: 'folder', folder: 'A' })).toBe(true);
    expect(sameFilter({ kind: 'folder', folder: 'A' }, { kind: 'folder', folder: 'B' })).toBe(false);
    expect(sameFilter({ kind: 'all' }, { kind: 'favorites' })).toBe(false);
  });
});
