import type { VaultRecord } from './record';

/** A folder and everything filed below it ("Work" covers "Work" and "Work/Servers", not "Workshop"). */
function inFolderTree(folder: string | null, root: string): boolean {
  return folder === root || (folder !== null && folder.startsWith(`${root}/`));
}

/**
 * Moving a folder: every record filed in `from` or below it, with its new folder — `to` with the
 * same subfolder path below it (a rename), or no folder at all when `to` is null (deleting the
 * folder keeps its items).
 */
export function folderTreeChanges(records: readonly VaultRecord[], from: string, to: string | null): VaultRecord[] {
  return records
    .filter((r) => inFolderTree(r.folder, from))
    .map((r) => ({ ...r, folder: to === null ? null : `${to}${(r.folder ?? '').slice(from.length)}` }));
}
