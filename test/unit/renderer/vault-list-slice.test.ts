import { describe, expect, it } from 'vitest';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Channel, KeyhavenApi, RequestOf, Result } from '../../../preload/contract';
import type { VaultRecord } from '../../../main/vault/record';
import { createRecordIndex, type RecordIndex } from '../../../main/vault/search/record-pages';
import { createVaultSlice, LIST_PAGE, type VaultSlice } from '../../../renderer/src/state/vault-slice';
import type { AppState } from '../../../renderer/src/state/app-store';

function record(i: number, more: Partial<VaultRecord> = {}): VaultRecord {
  return {
    id: `r${i}`, type: 'login', title: `Item ${String(i).padStart(5, '0')}`, username: '', password: '', urls: [], notes: '', folder: null,
    totp: null, fields: [], favorite: i % 3 === 0, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', ...more,
  };
}

/**
 * The vault slice against main's own pager (a real record index): listRecords answers what the
 * channel's handler answers. `hold` keeps an answer back until released, to order answers.
 */
function storeOver(initial: readonly VaultRecord[]) {
  const vault = { index: createRecordIndex(initial) as RecordIndex, records: [...initial] };
  const requests: RequestOf<'listRecords'>[] = [];
  const held: (() => void)[] = [];
  let holding = false;
  const answer = async (channel: Channel, request: never): Promise<Result<unknown>> => {
    switch (channel) {
      case 'listRecords': {
        const r = request as RequestOf<'listRecords'>;
        requests.push(r);
        const value = vault.index.page({ query: r.query, filter: r.filter ?? { kind: 'all' }, offset: r.offset ?? 0, limit: r.limit ?? LIST_PAGE, selectedId: r.selectedId ?? null });
        if (holding) await new Promise<void>((release) => held.push(release));
        return { ok: true, value };
      }
      case 'listDamagedRecords':
        return { ok: true, value: [] };
      case 'saveRecord': {
        const saved = { ...(request as RequestOf<'saveRecord'>).record, id: `r${vault.records.length}`, createdAt: '2026-01-02T00:00:00.000Z', updatedAt: '2026-01-02T00:00:00.000Z' } as VaultRecord;
        vault.records.push(saved);
        vault.index = createRecordIndex(vault.records);
        return { ok: true, value: saved };
      }
      default:
        throw new Error(`unexpected call ${channel}`);
    }
  };
  const api = new Proxy({} as KeyhavenApi, { get: (_t, name: string) => (name === 'on' ? () => () => undefined : (request: never) => answer(name as Channel, request)) });
  const store = createStore<AppState>()((set, get) => createVaultSlice(set, get, api) as unknown as AppState) as unknown as StoreApi<VaultSlice>;
  return {
    store,
    requests,
    /** Answers from now on wait for `release`. */
    hold: () => void (holding = true),
    /** Answers from now on come at once; those waiting still wait. */
    resume: () => void (holding = false),
    release: () => {
      holding = false;
      for (const r of held.splice(0)) r();
    },
  };
}

const titles = (s: VaultSlice) => s.records.map((r) => r.title);

describe('the vault list in the renderer, a page at a time', () => {
  it('shows a small vault whole: every item, its count, nothing more to load', async () => {
    const { store } = storeOver([record(2), record(1), record(3)]);
    await store.getState().loadRecords();
    expect(titles(store.getState())).toEqual(['Item 00001', 'Item 00002', 'Item 00003']);
    expect(store.getState()).toMatchObject({ total: 3, counts: { all: 3, favorites: 1 } });
  });

  it('loads the first page of a large vault, then the next pages on request, until the total', async () => {
    const count = LIST_PAGE * 2 + 7;
    const { store, requests } = storeOver(Array.from({ length: count }, (_, i) => record(i)));
    await store.getState().loadRecords();
    expect(store.getState().records).toHaveLength(LIST_PAGE);
    expect(store.getState().total).toBe(count);
    await store.getState().loadMore();
    await store.getState().loadMore();
    expect(requests.map((r) => r.offset)).toEqual([0, LIST_PAGE, LIST_PAGE * 2]);
    expect(titles(store.getState())).toEqual(Array.from({ length: count }, (_, i) => record(i).title));
  });

  it('asks main for the search and the filter, and starts again from the first page when either changes', async () => {
    const { store, requests } = storeOver(Array.from({ length: LIST_PAGE + 50 }, (_, i) => record(i)));
    await store.getState().loadRecords();
    await store.getState().loadMore();
    await store.getState().setListFilter({ kind: 'favorites' });
    expect(requests.at(-1)).toMatchObject({ filter: { kind: 'favorites' }, offset: 0, limit: LIST_PAGE });
    expect(store.getState().total).toBe(Math.ceil((LIST_PAGE + 50) / 3));
    expect(store.getState().records.every((r) => r.favorite)).toBe(true);
    await store.getState().setQuery('00042');
    expect(titles(store.getState())).toEqual(['Item 00042']);
    expect(store.getState().counts.all).toBe(1);
  });

  it('keeps what the person has loaded when the list reloads after an edit, the new item counted', async () => {
    const { store } = storeOver(Array.from({ length: LIST_PAGE * 2 }, (_, i) => record(i)));
    await store.getState().loadRecords();
    await store.getState().loadMore();
    const saved = await store.getState().saveRecord({ type: 'login', title: 'Item 99999', username: '', password: '', urls: [], notes: '', folder: null, totp: null, fields: [], favorite: false });
    expect(store.getState().records).toHaveLength(LIST_PAGE * 2);
    expect(store.getState().total).toBe(LIST_PAGE * 2 + 1);
    // Selected, though past what is loaded: the detail pane shows it.
    expect(store.getState().selected?.id).toBe(saved?.id);
  });

  it('drops an answer to an older keystroke that arrives after a newer one', async () => {
    const { store, hold, resume, release } = storeOver([record(1), record(2), record(12)]);
    hold();
    const older = store.getState().setQuery('item 0000');
    resume();
    await store.getState().setQuery('item 00012');
    expect(titles(store.getState())).toEqual(['Item 00012']);
    release();
    await older;
    expect(titles(store.getState())).toEqual(['Item 00012']);
  });
});
