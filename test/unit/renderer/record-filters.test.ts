import { describe, expect, it } from 'vitest';
import { NO_COUNTS, sameFilter, sidebarCounts } from '../../../renderer/src/vault/record-filters';

describe('record filters', () => {
  it("lists main's folder counts with the folders made but still empty, sorted by name", () => {
    const counts = sidebarCounts({ ...NO_COUNTS, all: 6, favorites: 2, unfiled: 2, folders: [{ name: 'work', count: 1 }, { name: 'Work', count: 2 }, { name: 'Banking', count: 1 }] }, ['Travel', 'Work']);
    expect(counts).toMatchObject({ all: 6, favorites: 2, unfiled: 2 });
    expect(counts.folders[0]).toEqual({ name: 'Banking', count: 1 });
    expect(counts.folders.at(-1)).toMatchObject({ name: expect.stringMatching(/^work$/i) });
    expect(counts.folders).toHaveLength(4);
    expect(counts.folders).toContainEqual({ name: 'Work', count: 2 });
    expect(counts.folders).toContainEqual({ name: 'Travel', count: 0 });
  });

  it('compares filters by kind and folder', () => {
    expect(sameFilter({ kind: 'folder', folder: 'A' }, { kind: 'folder', folder: 'A' })).toBe(true);
    expect(sameFilter({ kind: 'folder', folder: 'A' }, { kind: 'folder', folder: 'B' })).toBe(false);
    expect(sameFilter({ kind: 'all' }, { kind: 'favorites' })).toBe(false);
  });
});
