import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RECORD_TYPES } from '../../../../main/shared/record-limits';
import type { VaultRecord } from '../../../../main/vault/record';
import { createRecordIndex, type ListFilter, type RecordPageRequest } from '../../../../main/vault/search/record-pages';

function record(id: string, title: string, more: Partial<VaultRecord> = {}): VaultRecord {
  return {
    id, type: 'login', title, username: '', password: '', urls: [], notes: '', folder: null, totp: null, fields: [], favorite: false,
    createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', ...more,
  };
}

const ask = (request: Partial<RecordPageRequest>): RecordPageRequest => ({ query: '', filter: { kind: 'all' }, offset: 0, limit: 2, selectedId: null, ...request });
const ids = (records: readonly VaultRecord[]) => records.map((r) => r.id);

const records = [
  record('e', 'Email', { username: 'bank-admin', folder: 'Work', favorite: true }),
  record('b', 'Bank', { folder: ' Money ' }),
  record('c', 'Card', { type: 'card', folder: 'Money' }),
  record('a', 'Alpha bank', { favorite: true }),
  record('d', 'Door code', { type: 'note', folder: 'Work/Home' }),
];

describe('the vault list, a page at a time', () => {
  const index = createRecordIndex(records);

  it('answers the first page in the list order, with the total and the counts of every record', () => {
    const page = index.page(ask({ limit: 2 }));
    expect(ids(page.records)).toEqual(['a', 'b']);
    expect(page.total).toBe(5);
    expect(page.counts).toMatchObject({ all: 5, favorites: 2, unfiled: 1, types: { login: 3, card: 1, note: 1, identity: 0 } });
    expect(page.counts.folders).toHaveLength(3);
    expect(page.counts.folders).toEqual(expect.arrayContaining([{ name: 'Work', count: 1 }, { name: 'Money', count: 2 }, { name: 'Work/Home', count: 1 }]));
  });

  it('answers the next pages from where the last one ended, and nothing past the end', () => {
    expect(ids(index.page(ask({ offset: 2 })).records)).toEqual(['c', 'd']);
    expect(ids(index.page(ask({ offset: 4 })).records)).toEqual(['e']);
    const past = index.page(ask({ offset: 5 }));
    expect(past.records).toEqual([]);
    expect(past.total).toBe(5);
  });

  it('pages a search in its rank order (title matches first) and counts only what it matches', () => {
    const first = index.page(ask({ query: 'bank', limit: 1 }));
    expect(ids(first.records)).toEqual(['a']);
    expect(first.total).toBe(3);
    expect(first.counts).toMatchObject({ all: 3, favorites: 2, unfiled: 1 });
    expect(ids(index.page(ask({ query: 'bank', offset: 1, limit: 5 })).records)).toEqual(['b', 'e']);
    // Past every title match: the page starts inside the second group.
    expect(ids(index.page(ask({ query: 'bank', offset: 2, limit: 5 })).records)).toEqual(['e']);
  });

  it('filters by favourites, type and exact (trimmed) folder, the total following the filter and the counts not', () => {
    const favorites = index.page(ask({ filter: { kind: 'favorites' }, limit: 10 }));
    expect(ids(favorites.records)).toEqual(['a', 'e']);
    expect(favorites.total).toBe(2);
    expect(favorites.counts.all).toBe(5);
    expect(ids(index.page(ask({ filter: { kind: 'type', type: 'card' }, limit: 10 })).records)).toEqual(['c']);
    expect(ids(index.page(ask({ filter: { kind: 'folder', folder: 'Money' }, limit: 10 })).records)).toEqual(['b', 'c']);
    expect(ids(index.page(ask({ filter: { kind: 'folder', folder: 'Work' }, limit: 10 })).records)).toEqual(['e']);
    expect(index.page(ask({ filter: { kind: 'folder', folder: 'Nowhere' }, limit: 10 }))).toMatchObject({ records: [], total: 0 });
    expect(ids(index.page(ask({ query: 'bank', filter: { kind: 'folder', folder: 'Money' }, limit: 10 })).records)).toEqual(['b']);
  });

  it('answers the selected record while the search matches it, whatever the filter and wherever its page', () => {
    expect(index.page(ask({ selectedId: 'e', limit: 1 })).selected?.id).toBe('e');
    expect(index.page(ask({ selectedId: 'e', filter: { kind: 'type', type: 'card' } })).selected?.id).toBe('e');
    expect(index.page(ask({ selectedId: 'c', query: 'bank' })).selected).toBeNull();
    expect(index.page(ask({ selectedId: 'gone' })).selected).toBeNull();
  });

  it('answers an empty vault, and a search that matches nothing, with no records and zero counts', () => {
    const empty = createRecordIndex([]).page(ask({ selectedId: 'a' }));
    expect(empty).toEqual({ records: [], total: 0, selected: null, counts: { all: 0, favorites: 0, unfiled: 0, types: { login: 0, note: 0, card: 0, identity: 0 }, folders: [] } });
    const none = index.page(ask({ query: 'zzz', selectedId: 'a' }));
    expect(none).toMatchObject({ records: [], total: 0, selected: null, counts: { all: 0, folders: [] } });
  });
});

describe('every page is the slice of a plain filter over the search answer', () => {
  const word = fc.constantFrom('alpha', 'al', 'bank', 'card', 'café', 'z', 'mail', '42');
  const text = fc.array(word, { maxLength: 3 }).map((w) => w.join(' '));
  const folder = fc.constantFrom(null, 'Work', ' Work', 'Home', '');
  const filter: fc.Arbitrary<ListFilter> = fc.oneof(
    fc.constant({ kind: 'all' as const }),
    fc.constant({ kind: 'favorites' as const }),
    fc.constantFrom(...RECORD_TYPES).map((type) => ({ kind: 'type' as const, type })),
    fc.constantFrom('Work', 'Home', 'Else').map((f) => ({ kind: 'folder' as const, folder: f })),
  );
  const keeps = (f: ListFilter, r: VaultRecord): boolean =>
    f.kind === 'all' ||
    (f.kind === 'favorites' && r.favorite) ||
    (f.kind === 'type' && r.type === f.type) ||
    (f.kind === 'folder' && (r.folder?.trim() ?? '') === f.folder);

  it('for random records, queries, filters, offsets and limits', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ title: text, username: text, notes: text, folder, favorite: fc.boolean(), type: fc.constantFrom(...RECORD_TYPES) }), { maxLength: 25 }),
        fc.oneof(word, text, fc.constant('')),
        filter,
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 1, max: 10 }),
        (drafts, query, f, offset, limit) => {
          expectPlainAnswer(drafts.map((d, i) => record(`r${i}`, d.title, d)), query, f, offset, limit);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('for keystrokes that most records match, with no filter, over vaults of many records', () => {
    fc.assert(
      fc.property(
        // Every record holds "mail" somewhere; some titles do too, so title matches come first.
        fc.array(fc.record({ title: text, username: text.map((t) => `mail ${t}`), folder, favorite: fc.boolean(), type: fc.constantFrom(...RECORD_TYPES) }), { minLength: 20, maxLength: 90 }),
        fc.constantFrom('m', 'ma', 'mail', '', 'mail al', 'a'),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 1, max: 40 }),
        (drafts, query, offset, limit) => {
          expectPlainAnswer(drafts.map((d, i) => record(`r${i}`, d.title, d)), query, { kind: 'all' }, offset, limit);
        },
      ),
      { numRuns: 200 },
    );
  });

  /** The page, its total and every count are those of a plain filter over the search's answer. */
  function expectPlainAnswer(all: VaultRecord[], query: string, f: ListFilter, offset: number, limit: number): void {
    const index = createRecordIndex(all);
    const matches = index.query(query);
    const kept = matches.filter((r) => keeps(f, r));
    const page = index.page({ query, filter: f, offset, limit, selectedId: 'r0' });
    expect(ids(page.records)).toEqual(ids(kept.slice(offset, offset + limit)));
    expect(page.total).toBe(kept.length);
    expect(page.counts.all).toBe(matches.length);
    expect(page.counts.favorites).toBe(matches.filter((r) => r.favorite).length);
    expect(page.counts.unfiled).toBe(matches.filter((r) => (r.folder?.trim() ?? '') === '').length);
    for (const t of RECORD_TYPES) expect(page.counts.types[t]).toBe(matches.filter((r) => r.type === t).length);
    const folders = new Map<string, number>();
    for (const r of matches) if ((r.folder?.trim() ?? '') !== '') folders.set(r.folder!.trim(), (folders.get(r.folder!.trim()) ?? 0) + 1);
    expect(new Map(page.counts.folders.map((x) => [x.name, x.count]))).toEqual(folders);
    expect(page.selected?.id ?? null).toBe(matches.some((r) => r.id === 'r0') ? 'r0' : null);
  }
});
