import { useEffect, useMemo, useState } from 'react';
import { ConfirmDialog } from '../components/confirm-dialog';
import { ErrorBanner } from '../components/error-banner';
import { SettingsPanel } from '../settings/settings-panel';
import { useAppStore } from '../state/store-context';
import { CopyStatus } from './copy-status';
import { EmptyVault } from './empty-vault';
import { FolderNameDialog } from './folder-name-dialog';
import { FolderSidebar } from './folder-sidebar';
import { ImportDialog } from './import-dialog';
import { RecordDetail } from './record-detail';
import { RecordEditor } from './record-editor';
import { sidebarCounts } from './record-filters';
import { emptyRecordForm, recordFormFrom, type RecordForm } from './record-form';
import { RecordList } from './record-list';
import { OfflineStatus } from './offline-status';
import { UndoBanner } from './undo-banner';
import { VaultHeader } from './vault-header';

type Dialog =
  | { readonly kind: 'import' }
  | { readonly kind: 'settings' }
  | { readonly kind: 'delete'; readonly id: string; readonly title: string }
  | { readonly kind: 'new-folder' }
  | { readonly kind: 'rename-folder'; readonly folder: string }
  | { readonly kind: 'delete-folder'; readonly folder: string }
  | null;

export function VaultScreen() {
  const session = useAppStore((s) => s.session);
  const records = useAppStore((s) => s.records);
  const total = useAppStore((s) => s.total);
  const counts = useAppStore((s) => s.counts);
  const selected = useAppStore((s) => s.selected);
  const query = useAppStore((s) => s.query);
  const listFilter = useAppStore((s) => s.listFilter);
  const vaultError = useAppStore((s) => s.vaultError);
  const loadRecords = useAppStore((s) => s.loadRecords);
  const deleteRecord = useAppStore((s) => s.deleteRecord);
  const emptyFolders = useAppStore((s) => s.emptyFolders);
  const createFolder = useAppStore((s) => s.createFolder);
  const renameFolder = useAppStore((s) => s.renameFolder);
  const deleteFolder = useAppStore((s) => s.deleteFolder);
  const clearVaultError = useAppStore((s) => s.clearVaultError);
  const resetVault = useAppStore((s) => s.resetVault);
  const [editing, setEditing] = useState<RecordForm | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);

  // Locked, timed out or signed out: decrypted records leave renderer memory with the screen.
  useEffect(() => () => resetVault(), [resetVault]);

  // On opening, and with every new session view (offline, back online and synced): the records.
  useEffect(() => {
    void loadRecords();
  }, [session, loadRecords]);

  const sidebar = useMemo(() => sidebarCounts(counts, emptyFolders), [counts, emptyFolders]);
  const folders = useMemo(() => sidebar.folders.map((f) => f.name), [sidebar]);
  const allowImport = session?.kind === 'signed-in' && session.policy.allowImport;
  const openImport = allowImport ? () => setDialog({ kind: 'import' }) : null;
  const startNew = () => setEditing(emptyRecordForm(listFilter.kind === 'folder' ? listFilter.folder : null));
  const vaultEmpty = counts.all === 0 && query === '';

  let detail;
  if (editing) detail = <RecordEditor key={editing.id ?? 'new'} initial={editing} folders={folders} onDone={() => setEditing(null)} />;
  else if (selected)
    detail = (
      <RecordDetail
        key={selected.id}
        record={selected}
        onEdit={() => setEditing(recordFormFrom(selected))}
        onDelete={() => setDialog({ kind: 'delete', id: selected.id, title: selected.title })}
        folders={folders}
      />
    );
  else if (vaultEmpty) detail = <EmptyVault onImport={openImport} onAdd={startNew} />;
  else detail = <p className="muted">Choose an item to see its details.</p>;

  const modalOpen = dialog !== null;

  return (
    <>
      <div className="vault-shell" inert={modalOpen} aria-hidden={modalOpen ? true : undefined}>
        <VaultHeader onImport={openImport} onSettings={() => setDialog({ kind: 'settings' })} />
        {vaultError ? (
          <div className="vault-banners">
            <ErrorBanner error={vaultError} onDismiss={clearVaultError} />
          </div>
        ) : null}
        <div className="vault-banners">
          <OfflineStatus />
          <UndoBanner />
          <CopyStatus />
        </div>
        <main className="layout vault-layout">
          <FolderSidebar
            counts={sidebar}
            onNewFolder={() => setDialog({ kind: 'new-folder' })}
            onRenameFolder={(folder) => setDialog({ kind: 'rename-folder', folder })}
            onDeleteFolder={(folder) => setDialog({ kind: 'delete-folder', folder })}
          />
          <RecordList records={records} total={total} onNew={startNew} />
          <section className="detail-pane" aria-label="Item details">
            {detail}
          </section>
        </main>
      </div>
      {dialog?.kind === 'delete' ? (
        <ConfirmDialog
          title={`Delete “${dialog.title || 'Untitled'}”?`}
          confirmLabel="Delete"
          danger
          onCancel={() => setDialog(null)}
          onConfirm={() => {
            setDialog(null);
            void deleteRecord(dialog.id);
          }}
        >
          <p>You can undo this for a few seconds afterwards.</p>
        </ConfirmDialog>
      ) : null}
      {dialog?.kind === 'new-folder' ? (
        <FolderNameDialog
          title="New folder"
          confirmLabel="Create folder"
          current={null}
          existing={folders}
          onCancel={() => setDialog(null)}
          onConfirm={async (name) => {
            createFolder(name);
            setDialog(null);
            return true;
          }}
        />
      ) : null}
      {dialog?.kind === 'rename-folder' ? (
        <FolderNameDialog
          title={`Rename “${dialog.folder}”`}
          confirmLabel="Rename"
          current={dialog.folder}
          existing={folders}
          onCancel={() => setDialog(null)}
          onConfirm={async (name) => {
            const ok = await renameFolder(dialog.folder, name);
            if (ok) setDialog(null);
            return ok;
          }}
        />
      ) : null}
      {dialog?.kind === 'delete-folder' ? (
        <ConfirmDialog
          title={`Delete the folder “${dialog.folder}”?`}
          confirmLabel="Delete folder"
          danger
          onCancel={() => setDialog(null)}
          onConfirm={() => {
            setDialog(null);
            void deleteFolder(dialog.folder);
          }}
        >
          <p>Its items stay in your vault, with no folder. Nothing is deleted but the folder.</p>
        </ConfirmDialog>
      ) : null}
      {dialog?.kind === 'import' ? <ImportDialog onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'settings' ? <SettingsPanel onClose={() => setDialog(null)} /> : null}
    </>
  );
}
