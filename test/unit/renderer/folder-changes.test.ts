import { describe, expect, it } from 'vitest';
import type { VaultRecord } from '../../../preload/contract';
import { deleteChanges, folderNameProblem, renameChanges } from '../../../renderer/src/vault/folder-changes';

const rec = (id: string, folder: string | null): VaultRecord => ({
  id, type: 'login', title: id, username: '', password: '', urls: [], notes: '', folder, totp: null, fields: [], favorite: false,
  createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z',
});
const records = [rec('a', 'Work'), rec('b', 'Work/Servers'), rec('c', 'Workshop'), rec('d', null), rec('e', 'Home')];

describe('folder changes', () => {
  it('renames a folder and the paths below it, not a folder that merely starts with its name', () => {
    expect(renameChanges(records, 'Work', 'Office')).toEqual([
      { id: 'a', folder: 'Office' },
      { id: 'b', folder: 'Office/Servers' },
    ]);
  });

  it('deletes a folder by taking its items (and its subfolders\' items) out of any folder', () => {
    expect(deleteChanges(records, 'Work')).toEqual([
      { id: 'a', folder: null },
      { id: 'b', folder: null },
    ]);
  });

  it('names what is wrong with a folder name', () => {
    expect(folderNameProblem('  ', [])).toBe('Enter a folder name.');
    expect(folderNameProblem('work', ['Work'])).toBe('There is already a folder called “work”.');
    expect(folderNameProblem('Work', ['Work'], 'Work')).toBeNull();
    expect(folderNameProblem('Work//x', [])).toMatch(/“\/\/”/);
    expect(folderNameProblem('Travel', ['Work'])).toBeNull();
  });
});
