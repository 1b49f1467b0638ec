import type { VaultRecord } from '../../../preload/contract';

/** The sidebar's choice: every item, the favourites, or one folder. */
export type ListFilter = { readonly kind: 'all' } | { readonly kind: 'favorites' } | { readonly kind: 'folder'; readonly folder: string };

export interface FolderCount {
  readonly name: string;
  readonly count: number;
}

export interface SidebarCounts {
  readonly all: number;
  readonly favorites: number;
  readonly folders: readonly FolderCount[];
  /** Items with no folder. */
  readonly unfiled: number;
}

/** Counts for the sidebar: folders sorted by name (locale-aware, case-insensitive). */
export function countByFolder(records: readonly VaultRecord[]): SidebarCounts {
  const folders = new Map<string, number>();
  let favorites = 0;
  let unfiled = 0;
  for (const record of records) {
    if (record.favorite) favorites += 1;
    const folder = record.folder?.trim() ?? '';
    if (folder === '') unfiled += 1;
    else folders.set(folder, (folders.get(folder) ?? 0) + 1);
  }
  const sorted = [...folders.entries()]
    .map(([name, count]) => ({ name, count }))
    .sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
  return { all: records.length, favorites, folders: sorted, unfiled };
}

export function matchesFilter(record: VaultRecord, filter: ListFilter): boolean {
  switch (filter.kind) {
    case 'all':
      return true;
    case 'favorites':
      return record.favorite;
    case 'folder':
      return (record.folder?.trim() ?? '') === filter.folder;
  }
}

export function filterRecords(records: readonly VaultRecord[], filter: ListFilter): readonly VaultRecord[] {
  return filter.kind === 'all' ? records : records.filter((r) => matchesFilter(r, filter));
}

export function sameFilter(a: ListFilter, b: ListFilter): boolean {
  if (a.kind !== b.kind) return false;
  return a.kind !== 'folder' || (b.kind === 'folder' && a.folder === b.folder);
}

export function filterLabel(filter: ListFilter): string {
  switch (filter.kind) {
    case 'all':
      return 'All items';
    case 'favorites':
      return 'Favorites';
    case 'folder':
      return filter.folder;
  }
}
