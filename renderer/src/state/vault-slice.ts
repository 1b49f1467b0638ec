import type { ContractError, Result, VaultRecord, VaultRecordDraft } from '../../../preload/contract';
import type { SliceCreator } from './app-store';
import type { ListFilter } from '../vault/record-filters';
import { createPageClipboard, type PageClipboard } from '../vault/page-clipboard';
import { deleteChanges, inFolderTree, renameChanges } from '../vault/folder-changes';

export type CopyField = 'username' | 'password' | 'totp';

export interface VaultSlice {
  readonly records: readonly VaultRecord[];
  /** Folders made with "New folder" that hold no item yet (a folder exists through its items). */
  readonly emptyFolders: readonly string[];
  readonly query: string;
  readonly selectedId: string | null;
  /** Which sidebar entry is chosen: all items, favorites, or one folder. */
  readonly listFilter: ListFilter;
  readonly vaultError: ContractError | null;
  /** The last deleted record, offered for undo. */
  readonly undoable: { readonly id: string; readonly title: string } | null;
  /** What the last copy did, for the screen's status line. */
  readonly copied: { readonly field: CopyField; readonly clearsInSeconds: number; readonly at: number } | null;
  readonly loadRecords: (query?: string) => Promise<void>;
  readonly setQuery: (query: string) => Promise<void>;
  readonly select: (id: string | null) => void;
  readonly setListFilter: (filter: ListFilter) => void;
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

function defaultPageClipboard(): PageClipboard | null {
  return typeof window === 'undefined' ? null : createPageClipboard(navigator.clipboard, window);
}

export const createVaultSlice: SliceCreator<VaultSlice> = (set, get, api) => {
  let pageClipboard: PageClipboard | null | undefined;
  let lastActivityReport = 0;

  /** One atomic save for every move; the list reloads either way (nothing half-moved is shown). */
  async function setFolders(changes: readonly { id: string; folder: string | null }[]): Promise<boolean> {
    if (changes.length === 0) return true;
    const result = await api.setFolders({ changes });
    if (!result.ok) set({ vaultError: result.error });
    else {
      // A folder that just received an item is no longer an empty one.
      const filled = new Set(changes.map((c) => c.folder));
      set({ vaultError: null, emptyFolders: get().emptyFolders.filter((f) => !filled.has(f)) });
    }
    await get().loadRecords();
    return result.ok;
  }
  return {
    records: [],
    emptyFolders: [],
    query: '',
    selectedId: null,
    listFilter: { kind: 'all' },
    vaultError: null,
    undoable: null,
    copied: null,
    async loadRecords(query) {
      const q = query ?? get().query;
      const [result, damaged] = await Promise.all([api.listRecords({ query: q }), api.listDamagedRecords({})]);
      // A slower answer to an older keystroke must not overwrite a newer one.
      if (q !== get().query) return;
      // Records that failed their integrity check are not listed; say which, every time the list loads.
      const problem: ContractError | null =
        damaged.ok && damaged.value.length > 0
          ? { code: 'tampered', message: `${damaged.value.length === 1 ? '1 item is' : `${damaged.value.length} items are`} not shown. ${damaged.value.map((d) => d.message).join(' ')}` }
          : null;
      set(result.ok ? { records: result.value, vaultError: problem } : { vaultError: result.error });
    },
    async setQuery(query) {
      set({ query });
      await get().loadRecords(query);
    },
    select(id) {
      set({ selectedId: id });
    },
    setListFilter(filter) {
      set({ listFilter: filter });
    },
    async saveRecord(record) {
      const result = await api.saveRecord({ record });
      if (!result.ok) {
        set({ vaultError: result.error });
        return null;
      }
      set({ selectedId: result.value.id, vaultError: null, emptyFolders: get().emptyFolders.filter((f) => f !== result.value.folder) });
      await get().loadRecords();
      return result.value;
    },
    async deleteRecord(id) {
      const title = get().records.find((r) => r.id === id)?.title ?? '';
      const result = await api.deleteRecord({ id });
      if (!result.ok) {
        set({ vaultError: result.error });
        return;
      }
      set({ undoable: { id, title }, selectedId: null });
      await get().loadRecords();
    },
    createFolder(name) {
      const folder = name.trim();
      if (get().emptyFolders.includes(folder) || get().records.some((r) => r.folder === folder)) return;
      set({ emptyFolders: [...get().emptyFolders, folder], listFilter: { kind: 'folder', folder } });
    },
    async moveToFolder(ids, folder) {
      return setFolders(ids.map((id) => ({ id, folder })));
    },
    async renameFolder(from, to) {
      const target = to.trim();
      const ok = await setFolders(renameChanges(get().records, from, target));
      if (!ok) return false;
      set({
        emptyFolders: get().emptyFolders.map((f) => (inFolderTree(f, from) ? `${target}${f.slice(from.length)}` : f)),
        listFilter: { kind: 'folder', folder: target },
      });
      return true;
    },
    async deleteFolder(name) {
      const ok = await setFolders(deleteChanges(get().records, name));
      if (!ok) return false;
      set({ emptyFolders: get().emptyFolders.filter((f) => !inFolderTree(f, name)), listFilter: { kind: 'all' } });
      return true;
    },
    async undoDelete() {
      const undo = get().undoable;
      if (!undo) return;
      const result = await api.restoreRecord({ id: undo.id });
      set(result.ok ? { undoable: null, selectedId: result.value.id } : { vaultError: result.error });
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
      set({ records: [], emptyFolders: [], query: '', selectedId: null, undoable: null, vaultError: null, listFilter: { kind: 'all' }, copied: null });
    },
  };
};
