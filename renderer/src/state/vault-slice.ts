import type { ContractError, ListCounts, Result, VaultRecord, VaultRecordDraft } from '../../../preload/contract';
import { RECORD_PAGE_SIZE } from '../../../main/shared/record-limits';
import type { SliceCreator } from './app-store';
import { NO_COUNTS, type ListFilter } from '../vault/record-filters';
import { createPageClipboard, type PageClipboard } from '../vault/page-clipboard';
import { inFolderTree } from '../vault/folder-changes';

export type CopyField = 'username' | 'password' | 'totp';

export interface VaultSlice {
  /**
   * The list's records loaded so far, a page at a time, in the list's order: what the search and
   * the sidebar's choice match. Main holds the vault; a page is all the renderer asks for.
   */
  readonly records: readonly VaultRecord[];
  /** How many records the search and the sidebar's choice match (loaded or not). */
  readonly total: number;
  /** The sidebar's counts over the search's matches. */
  readonly counts: ListCounts;
  /** Folders made with "New folder" that hold no item yet (a folder exists through its items). */
  readonly emptyFolders: readonly string[];
  readonly query: string;
  readonly selectedId: string | null;
  /** The record the detail pane shows: the selected one, while the search matches it. */
  readonly selected: VaultRecord | null;
  /** Which sidebar entry is chosen: all items, favorites, or one folder. */
  readonly listFilter: ListFilter;
  readonly vaultError: ContractError | null;
  /** The last deleted record, offered for undo. */
  readonly undoable: { readonly id: string; readonly title: string } | null;
  /** What the last copy did, for the screen's status line. */
  readonly copied: { readonly field: CopyField; readonly clearsInSeconds: number; readonly at: number } | null;
  /** The list again from its first record, as many as are loaded now (at least a page). */
  readonly loadRecords: (query?: string) => Promise<void>;
  /** The next page of the list. */
  readonly loadMore: () => Promise<void>;
  readonly setQuery: (query: string) => Promise<void>;
  readonly select: (id: string | null) => void;
  readonly setListFilter: (filter: ListFilter) => Promise<void>;
  readonly saveRecord: (record: VaultRecordDraft) => Promise<VaultRecord | null>;
  readonly deleteRecord: (id: string) => Promise<void>;
  readonly createFolder: (name: string) => void;
  readonly moveToFolder: (ids: readonly string[], folder: string | null) => Promise<boolean>;
  readonly renameFolder: (from: string, to: string) => Promise<boolean>;
  /** Removes the folder (and its subfolders); every item in it stays, with no folder. */
  readonly deleteFolder: (name: string) => Promise<boolean>;
  readonly undoDelete: () => Promise<void>;
  readonly dismissUndo: () => void;
  readonly copyField: (recordId: string, field: CopyField) => Promise<boolean>;
  readonly totpCode: (recordId: string) => Promise<Result<{ code: string; secondsLeft: number }>>;
  readonly generatePassword: () => Promise<string | null>;
  readonly unlockVault: (masterPassword: string | null) => Promise<boolean>;
  readonly lockVault: () => Promise<void>;
  /** The person's input: the policy's idle lock counts from the last report. */
  readonly noteActivity: () => void;
  readonly clearVaultError: () => void;
  readonly resetVault: () => void;
}

/** At most one activity report per this many milliseconds. */
const ACTIVITY_REPORT_MS = 10_000;

/** Records the list asks main for at a time. */
export const LIST_PAGE = RECORD_PAGE_SIZE.default;

function defaultPageClipboard(): PageClipboard | null {
  return typeof window === 'undefined' ? null : createPageClipboard(navigator.clipboard, window);
}

export const createVaultSlice: SliceCreator<VaultSlice> = (set, get, api) => {
  let pageClipboard: PageClipboard | null | undefined;
  let lastActivityReport = 0;
  // Every list request takes the next number; an answer that is not the latest one is dropped, so
  // a slower answer to an older keystroke (or filter, or page) never overwrites a newer one.
  let listRequest = 0;

  /** The list from its first record: `limit` records of the current search and filter. */
  async function loadList(limit: number): Promise<void> {
    const request = ++listRequest;
    const { query, listFilter, selectedId } = get();
    const [result, damaged] = await Promise.all([
      api.listRecords({ query, filter: listFilter, offset: 0, limit, selectedId }),
      api.listDamagedRecords({}),
    ]);
    if (request !== listRequest) return;
    // Records that failed their integrity check are not listed; say which, every time the list loads.
    const problem: ContractError | null =
      damaged.ok && damaged.value.length > 0
        ? { code: 'tampered', message: `${damaged.value.length === 1 ? '1 item is' : `${damaged.value.length} items are`} not shown. ${damaged.value.map((d) => d.message).join(' ')}` }
        : null;
    if (!result.ok) {
      set({ vaultError: result.error });
      return;
    }
    const { records, total, counts, selected } = result.value;
    set({ records, total, counts, selected, vaultError: problem });
  }

  /**
   * One change in main, then the list again (either way: nothing half-changed is shown). `after`
   * is what changes in the screen's state when it worked (the sidebar's choice, empty folders).
   */
  async function changeFolders(run: () => Promise<Result<unknown>>, filled: string | null, after?: () => Partial<VaultSlice>): Promise<boolean> {
    const result = await run();
    if (!result.ok) set({ vaultError: result.error });
    // A folder that just received an item is no longer an empty one.
    else set({ vaultError: null, emptyFolders: get().emptyFolders.filter((f) => f !== filled), ...after?.() });
    await get().loadRecords();
    return result.ok;
  }

  return {
    records: [],
    total: 0,
    counts: NO_COUNTS,
    emptyFolders: [],
    query: '',
    selectedId: null,
    selected: null,
    listFilter: { kind: 'all' },
    vaultError: null,
    undoable: null,
    copied: null,
    async loadRecords(query) {
      if (query !== undefined && query !== get().query) {
        set({ query });
        return loadList(LIST_PAGE);
      }
      // After a change: as many records as the person has loaded stay loaded.
      return loadList(Math.min(RECORD_PAGE_SIZE.max, Math.max(LIST_PAGE, get().records.length)));
    },
    async loadMore() {
      const request = listRequest;
      const { query, listFilter, selectedId, records } = get();
      const result = await api.listRecords({ query, filter: listFilter, offset: records.length, limit: LIST_PAGE, selectedId });
      // Dropped if the list was asked for again meanwhile (a keystroke, a filter, a change).
      if (request !== listRequest || get().records !== records) return;
      if (!result.ok) {
        set({ vaultError: result.error });
        return;
      }
      const { total, counts, selected } = result.value;
      set({ records: [...records, ...result.value.records], total, counts, selected });
    },
    async setQuery(query) {
      set({ query });
      await loadList(LIST_PAGE);
    },
    select(id) {
      set({ selectedId: id, selected: id === null ? null : (get().records.find((r) => r.id === id) ?? null) });
    },
    async setListFilter(filter) {
      set({ listFilter: filter });
      await loadList(LIST_PAGE);
    },
    async saveRecord(record) {
      const result = await api.saveRecord({ record });
      if (!result.ok) {
        set({ vaultError: result.error });
        return null;
      }
      set({ selectedId: result.value.id, selected: result.value, vaultError: null, emptyFolders: get().emptyFolders.filter((f) => f !== result.value.folder) });
      await get().loadRecords();
      return result.value;
    },
    async deleteRecord(id) {
      const { selected, records } = get();
      const title = (selected?.id === id ? selected : records.find((r) => r.id === id))?.title ?? '';
      const result = await api.deleteRecord({ id });
      if (!result.ok) {
        set({ vaultError: result.error });
        return;
      }
      set({ undoable: { id, title }, selectedId: null, selected: null });
      await get().loadRecords();
    },
    createFolder(name) {
      const folder = name.trim();
      if (get().emptyFolders.includes(folder) || get().counts.folders.some((f) => f.name === folder)) return;
      set({ emptyFolders: [...get().emptyFolders, folder], listFilter: { kind: 'folder', folder } });
      void loadList(LIST_PAGE);
    },
    async moveToFolder(ids, folder) {
      if (ids.length === 0) return true;
      return changeFolders(() => api.setFolders({ changes: ids.map((id) => ({ id, folder })) }), folder);
    },
    async renameFolder(from, to) {
      const target = to.trim();
      return changeFolders(
        () => api.moveFolder({ from, to: target }),
        target,
        () => ({
          emptyFolders: get().emptyFolders.map((f) => (inFolderTree(f, from) ? `${target}${f.slice(from.length)}` : f)),
          listFilter: { kind: 'folder', folder: target },
        }),
      );
    },
    async deleteFolder(name) {
      return changeFolders(
        () => api.moveFolder({ from: name, to: null }),
        null,
        () => ({ emptyFolders: get().emptyFolders.filter((f) => !inFolderTree(f, name)), listFilter: { kind: 'all' } }),
      );
    },
    async undoDelete() {
      const undo = get().undoable;
      if (!undo) return;
      const result = await api.restoreRecord({ id: undo.id });
      set(result.ok ? { undoable: null, selectedId: result.value.id, selected: result.value } : { vaultError: result.error });
      await get().loadRecords();
    },
    dismissUndo() {
      set({ undoable: null });
    },
    async copyField(recordId, field) {
      const result = await api.copyToClipboard({ recordId, field });
      if (!result.ok) {
        set({ vaultError: result.error, copied: null });
        return false;
      }
      if (result.value.text !== null) {
        pageClipboard ??= defaultPageClipboard();
        const written = await pageClipboard?.copy(result.value.text, result.value.clearsInSeconds, () => set({ copied: null }));
        if (!written) {
          set({ vaultError: { code: 'internal', message: 'The browser did not let Keyhaven use the clipboard.' }, copied: null });
          return false;
        }
      }
      set({ copied: { field, clearsInSeconds: result.value.clearsInSeconds, at: Date.now() } });
      return true;
    },
    totpCode(recordId) {
      return api.totpCode({ recordId });
    },
    async generatePassword() {
      const result = await api.generatePassword({});
      if (!result.ok) {
        set({ vaultError: result.error });
        return null;
      }
      return result.value.password;
    },
    async unlockVault(masterPassword) {
      return get().applySessionResult(await api.unlockVault({ masterPassword }));
    },
    async lockVault() {
      const ok = get().applySessionResult(await api.lockVault({}));
      // Decrypted records must not outlive the unlocked session in renderer memory.
      if (ok) get().resetVault();
    },
    noteActivity() {
      const now = Date.now();
      if (now - lastActivityReport < ACTIVITY_REPORT_MS) return;
      lastActivityReport = now;
      void api.noteActivity({});
    },
    clearVaultError() {
      set({ vaultError: null });
    },
    resetVault() {
      listRequest += 1;
      set({ records: [], total: 0, counts: NO_COUNTS, emptyFolders: [], query: '', selectedId: null, selected: null, undoable: null, vaultError: null, listFilter: { kind: 'all' }, copied: null });
    },
  };
};
