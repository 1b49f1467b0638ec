import { describe, expect, it } from 'vitest';
import { folderTreeChanges } from '../../../main/vault/folder-changes';
import type { VaultRecord } from '../../../main/vault/record';

const rec = (id: string, folder: string | null): VaultRecord => ({
  id, type: 'login', title: id, username: '', password: '', urls: [], notes: '', folder, totp: null, fields: [], favorite: false,
  createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z',
});
const records = [rec('a', 'Work'), rec('b', 'Work/Servers'), rec('c', 'Workshop'), rec('d', null), rec('e', 'Home')];
const moves = (changes: readonly VaultRecord[]) => changes.map((r) => ({ id: r.id, folder: r.folder }));

describe('folder changes', () => {
  it('renames a folder and the paths below it, not a folder that merely starts with its name', () => {
    expect(moves(folderTreeChanges(records, 'Work', 'Office'))).toEqual([
      { id: 'a', folder: 'Office' },
      { id: 'b', folder: 'Office/Servers' },
    ]);
  });

  it("deletes a folder by taking its items (and its subfolders' items) out of any folder, changing nothing else", () => {
    const changes = folderTreeChanges(records, 'Work', null);
    expect(moves(changes)).toEqual([
      { id: 'a', folder: null },
      { id: 'b', folder: null },
    ]);
    expect(changes[0]).toEqual({ ...records[0], folder: null });
  });
});
