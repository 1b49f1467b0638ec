import { describe, expect, it } from 'vitest';
import { folderNameProblem, inFolderTree } from '../../../renderer/src/vault/folder-changes';

describe('folder changes', () => {
  it('takes a folder to cover the folders below it, not a folder that merely starts with its name', () => {
    expect(inFolderTree('Work', 'Work')).toBe(true);
    expect(inFolderTree('Work/Servers', 'Work')).toBe(true);
    expect(inFolderTree('Workshop', 'Work')).toBe(false);
    expect(inFolderTree(null, 'Work')).toBe(false);
  });

  it('names what is wrong with a folder name', () => {
    expect(folderNameProblem('  ', [])).toBe('Enter a folder name.');
    expect(folderNameProblem('work', ['Work'])).toBe('There is already a folder called “work”.');
    expect(folderNameProblem('Work', ['Work'], 'Work')).toBeNull();
    expect(folderNameProblem('Work//x', [])).toMatch(/“\/\/”/);
    expect(folderNameProblem('Travel', ['Work'])).toBeNull();
  });
});
