import type { z } from 'zod';
import { RECORD_TYPES, type RecordType } from '../../shared/record-limits';
import type { listCountsSchema, listFilterSchema } from '../../shared/record-list-schema';
import type { VaultRecord } from '../record';
import { createSearchIndex, type SearchIndex } from './search-index';

export type ListFilter = z.infer<typeof listFilterSchema>;
export type ListCounts = z.infer<typeof listCountsSchema>;

export interface RecordPageRequest {
  readonly query: string;
  readonly filter: ListFilter;
  /** How many records of the answer come before this page. */
  readonly offset: number;
  readonly limit: number;
  /** The record the detail pane shows: answered as `selected` while the search matches it. */
  readonly selectedId: string | null;
}

export interface RecordPage {
  /** At most `limit` records, in the list's order: title matches first, then by title. */
  readonly records: VaultRecord[];
  /** How many records the search and the filter match (the list's count). */
  readonly total: number;
  /** Over every record the search matches, whatever the filter (the sidebar's counts). */
  readonly counts: ListCounts;
  readonly selected: VaultRecord | null;
}

/** The search index of an unlocked vault, and the vault list read from it a page at a time. */
export interface RecordIndex extends SearchIndex<VaultRecord> {
  page(request: RecordPageRequest): RecordPage;
}

/**
 * What the sidebar filters and counts by, one typed array per property in display order, so a
 * keystroke that matches most of a 100,000-record vault is counted and filtered without touching
 * a record object: only the page's records are read.
 */
interface Facets {
  readonly favorite: Uint8Array;
  readonly type: Uint8Array;
  /** Index into `folderNames`; -1: no folder. */
  readonly folder: Int32Array;
  readonly folderNames: readonly string[];
  readonly folderIds: ReadonlyMap<string, number>;
  readonly position: ReadonlyMap<string, number>;
  /** The counts over every record, from which a broad keystroke subtracts the few it does not match. */
  readonly totals: Tallies;
}

/** The sidebar's counts: favourites, per type (RECORD_TYPES' order), per folder slot (0: no folder; id + 1: folderNames[id]). */
interface Tallies {
  favorites: number;
  readonly types: Int32Array;
  readonly folders: Int32Array;
}

function emptyTallies(folderCount: number): Tallies {
  return { favorites: 0, types: new Int32Array(RECORD_TYPES.length), folders: new Int32Array(folderCount + 1) };
}

/** Counts the record at display position `i` into `into` (`by` 1), or takes it out (`by` -1). */
function tally(f: Facets, i: number, into: Tallies, by: 1 | -1): void {
  into.favorites += by * (f.favorite[i] as number);
  const type = f.type[i] as number;
  const slot = (f.folder[i] as number) + 1;
  into.types[type] = (into.types[type] as number) + by;
  into.folders[slot] = (into.folders[slot] as number) + by;
}

const TYPE_CODE: ReadonlyMap<RecordType, number> = new Map(RECORD_TYPES.map((t, i) => [t, i]));

function facetsOf(ordered: readonly VaultRecord[]): Facets {
  const favorite = new Uint8Array(ordered.length);
  const type = new Uint8Array(ordered.length);
  const folder = new Int32Array(ordered.length);
  const folderNames: string[] = [];
  const folderIds = new Map<string, number>();
  const position = new Map<string, number>();
  ordered.forEach((record, i) => {
    favorite[i] = record.favorite ? 1 : 0;
    type[i] = TYPE_CODE.get(record.type) as number;
    const name = record.folder?.trim() ?? '';
    let id = name === '' ? -1 : folderIds.get(name);
    if (id === undefined) {
      id = folderNames.push(name) - 1;
      folderIds.set(name, id);
    }
    folder[i] = id;
    position.set(record.id, i);
  });
  const facets = { favorite, type, folder, folderNames, folderIds, position, totals: emptyTallies(folderNames.length) };
  for (let i = 0; i < ordered.length; i += 1) tally(facets, i, facets.totals, 1);
  return facets;
}

/** The filter as a test on a display position. */
function keeper(filter: ListFilter, f: Facets): (i: number) => boolean {
  switch (filter.kind) {
    case 'all':
      return () => true;
    case 'favorites':
      return (i) => f.favorite[i] === 1;
    case 'type': {
      const code = TYPE_CODE.get(filter.type);
      return (i) => f.type[i] === code;
    }
    case 'folder': {
      const id = filter.folder === '' ? -1 : (f.folderIds.get(filter.folder) ?? null);
      return id === null ? () => false : (i) => f.folder[i] === id;
    }
  }
}

export function createRecordIndex(records: readonly VaultRecord[]): RecordIndex {
  const index = createSearchIndex(records);
  const { ordered } = index;
  let facets: Facets | null = null;
  // The display positions a page is read from, reused by every page (pages are synchronous): the
  // first kept records whose title matches, and the first of the others, as many as the page reaches.
  const titleFirst = new Int32Array(ordered.length);
  const others = new Int32Array(ordered.length);

  function page(request: RecordPageRequest): RecordPage {
    const f = (facets ??= facetsOf(ordered));
    const found = index.match(request.query);
    const keep = keeper(request.filter, f);
    const counts = emptyTallies(f.folderNames.length);
    let all = 0;
    let total = 0;
    let titleTotal = 0;
    const matched = found?.all ?? null;
    const inTitle = found?.title ?? null;
    // The answer's order: records whose title matches first, then the rest, each by title. Only
    // the positions up to the page's end are noted, so a broad keystroke writes a page's worth.
    const reach = request.offset + request.limit;
    const matchedCount = found === null || request.filter.kind !== 'all' ? 0 : matched === null ? ordered.length : bitCount(matched);
    if (2 * matchedCount > ordered.length) {
      all = matchedCount;
      total = matchedCount;
      titleTotal = countMostlyMatched(f, ordered.length, matched, matchedCount, inTitle, reach, { counts, titleFirst, others });
    } else if (found !== null) {
      for (let i = 0; i < ordered.length; i += 1) {
        if (matched !== null && matched[i] !== 1) continue;
        all += 1;
        tally(f, i, counts, 1);
        if (!keep(i)) continue;
        if (inTitle !== null && inTitle[i] === 1) {
          if (titleTotal < reach) titleFirst[titleTotal] = i;
          titleTotal += 1;
        } else if (total - titleTotal < reach) {
          others[total - titleTotal] = i;
        }
        total += 1;
      }
    }

    const out: VaultRecord[] = [];
    for (let k = request.offset; k < reach && k < total; k += 1) {
      const i = k < titleTotal ? titleFirst[k] : others[k - titleTotal];
      out.push(ordered[i as number] as VaultRecord);
    }

    const at = request.selectedId === null ? undefined : f.position.get(request.selectedId);
    const selected = found !== null && at !== undefined && (matched === null || matched[at] === 1) ? (ordered[at] as VaultRecord) : null;
    const folderCounts: { name: string; count: number }[] = [];
    f.folderNames.forEach((name, id) => {
      const count = counts.folders[id + 1] as number;
      if (count > 0) folderCounts.push({ name, count });
    });
    return {
      records: out,
      total,
      selected,
      counts: {
        all,
        favorites: counts.favorites,
        unfiled: counts.folders[0] as number,
        types: Object.fromEntries(RECORD_TYPES.map((t, i) => [t, counts.types[i] as number])) as Record<RecordType, number>,
        folders: folderCounts,
      },
    };
  }

  return { ...index, page };
}

/**
 * Most records match and no filter is chosen (a first letter, a common word): the counts are the
 * totals less the records that do not match, and the page's positions are found by reading only
 * as far as the page reaches. Fills `into` as page() does; answers how many of the matches are
 * title matches (`matchedCount`, how many records match, gives the rest).
 */
function countMostlyMatched(
  f: Facets,
  size: number,
  matched: Uint8Array | null,
  matchedCount: number,
  inTitle: Uint8Array | null,
  reach: number,
  into: { readonly counts: Tallies; readonly titleFirst: Int32Array; readonly others: Int32Array },
): number {
  const { counts, titleFirst, others } = into;
  counts.favorites = f.totals.favorites;
  counts.types.set(f.totals.types);
  counts.folders.set(f.totals.folders);
  if (matched !== null) {
    for (let i = 0; i < size; i += 1) if (matched[i] !== 1) tally(f, i, counts, -1);
  }
  const titleTotal = inTitle === null ? 0 : bitCount(inTitle);
  const wantTitle = Math.min(reach, titleTotal);
  const wantOther = Math.min(reach, matchedCount - titleTotal);
  let title = 0;
  let other = 0;
  for (let i = 0; i < size && (title < wantTitle || other < wantOther); i += 1) {
    if (matched !== null && matched[i] !== 1) continue;
    if (inTitle !== null && inTitle[i] === 1) {
      if (title < reach) titleFirst[title] = i;
      title += 1;
    } else {
      if (other < reach) others[other] = i;
      other += 1;
    }
  }
  return titleTotal;
}

/** How many entries of a 0/1 bitset are 1, four at a time where the bytes are aligned. */
function bitCount(bits: Uint8Array): number {
  let count = 0;
  let i = 0;
  if (bits.byteOffset % 4 === 0) {
    const words = new Uint32Array(bits.buffer, bits.byteOffset, bits.length >>> 2);
    // Each byte is 0 or 1, so the four add up in the top byte of the product.
    for (let w = 0; w < words.length; w += 1) count += Math.imul(words[w] as number, 0x01010101) >>> 24;
    i = words.length * 4;
  }
  for (; i < bits.length; i += 1) count += bits[i] as number;
  return count;
}
