import type { RecordType, VaultRecord } from '../../../preload/contract';
import { RECORD_TYPE_PLURALS, RECORD_TYPES } from './record-types';

/** The sidebar's choice: every item, the favourites, one record type, or one folder. */
export type ListFilter =
  | { readonly kind: 'all' }
  | { readonly kind: 'favorites' }
  | { readonly kind: 'type'; readonly type: RecordType }
  | { readonly kind: 'folder'; readonly folder: string };

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

/**
 * Counts for the sidebar: folders sorted by name (locale-aware, case-insensitive); `extra`
 * folders (made but still empty) are listed with 0.
 */
export function countByFolder(records: readonly VaultRecord[], extra: readonly string[] = []): SidebarCounts {
  const folders = new Map<string, number>(extra.map((f) => [f, 0]));
  const types = Object.fromEntries(RECORD_TYPES.map((t) => [t, 0])) as Record<RecordType, number>;
  let favorites = 0;
  let unfiled = 0;
  for (const record of records) {
    if (record.favorite) favorites += 1;
    types[record.type] += 1;
    const folder = record.folder?.trim() ?? '';
    if (folder === '') unfiled += 1;
    else folders.set(folder, (folders.get(folder) ?? 0) + 1);
  }
  const sorted = [...folders.entries()]
    .map(([name, count]) => ({ name, count }))
    .sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
  return { all: records.length, favorites, folders: sorted, unfiled, types };
}

export function matchesFilter(record: VaultRecord, filter: ListFilter): boolean {
  switch (filter.kind) {
    case 'all':
      return true;
    case 'favorites':
      return record.favorite;
    case 'type':
      return record.type === filter.type;
    case 'folder':
      return (record.folder?.trim() ?? '') === filter.folder;
  }
}

export function filterRecords(records: readonly VaultRecord[], filter: ListFilter): readonly VaultRecord[] {
  return filter.kind === 'all' ? records : records.filter((r) => matchesFilter(r, filter));
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
