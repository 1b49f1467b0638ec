/** A folder and everything filed below it ("Work" covers "Work" and "Work/Servers"). */
export function inFolderTree(folder: string | null, root: string): boolean {
  return folder === root || (folder !== null && folder.startsWith(`${root}/`));
}

/** What is wrong with a folder name, or null. */
export function folderNameProblem(name: string, existing: readonly string[], current: string | null = null): string | null {
  const trimmed = name.trim();
  if (trimmed === '') return 'Enter a folder name.';
  if (trimmed.length > 200) return 'A folder name has at most 200 characters.';
  if (trimmed.split('/').some((part) => part.trim() === '')) return 'A folder name cannot start or end with “/” or contain “//”.';
  if (trimmed !== current && existing.some((f) => f.localeCompare(trimmed, undefined, { sensitivity: 'base' }) === 0)) {
    return `There is already a folder called “${trimmed}”.`;
  }
  return null;
}
