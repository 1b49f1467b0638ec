import type { ListCounts, ListFilter, RecordType } from '../../../preload/contract';
import { RECORD_TYPE_PLURALS, RECORD_TYPES } from './record-types';

/** The sidebar's choice: every item, the favourites, one record type, or one folder. */
export type { ListFilter } from '../../../preload/contract';

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
  readonly types: Readonly<Record<RecordType, number>>;
}

/** Before the first page arrives: nothing. */
export const NO_COUNTS: ListCounts = { all: 0, favorites: 0, unfiled: 0, types: Object.fromEntries(RECORD_TYPES.map((t) => [t, 0])) as Record<RecordType, number>, folders: [] };

/**
 * The sidebar's counts (main counts the search's matches): folders sorted by name (locale-aware,
 * case-insensitive); `extra` folders (made but still empty) are listed with 0.
 */
export function sidebarCounts(counts: ListCounts, extra: readonly string[] = []): SidebarCounts {
  const folders = new Map<string, number>(extra.map((f) => [f, 0]));
  for (const folder of counts.folders) folders.set(folder.name, folder.count);
  const sorted = [...folders.entries()]
    .map(([name, count]) => ({ name, count }))
    .sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
  return { all: counts.all, favorites: counts.favorites, folders: sorted, unfiled: counts.unfiled, types: counts.types };
}

export function sameFilter(a: ListFilter, b: ListFilter): boolean {
  if (a.kind === 'folder') return b.kind === 'folder' && a.folder === b.folder;
  if (a.kind === 'type') return b.kind === 'type' && a.type === b.type;
  return a.kind === b.kind;
}

export function filterLabel(filter: ListFilter): string {
  switch (filter.kind) {
    case 'all':
      return 'All items';
    case 'favorites':
      return 'Favorites';
    case 'type':
      return RECORD_TYPE_PLURALS[filter.type];
    case 'folder':
      return filter.folder;
  }
}
