import { useAppStore } from '../state/store-context';
import { sameFilter, type ListFilter, type SidebarCounts } from './record-filters';
import { RECORD_TYPE_PLURALS, RECORD_TYPES } from './record-types';

function FilterButton({ filter, label, count }: { filter: ListFilter; label: string; count: number }) {
  const current = useAppStore((s) => s.listFilter);
  const setListFilter = useAppStore((s) => s.setListFilter);
  const active = sameFilter(current, filter);
  return (
    <li>
      <button type="button" className="filter-button" aria-current={active ? 'true' : undefined} onClick={() => void setListFilter(filter)}>
        <span>{label}</span>
        <span className="count">
          {count}
          <span className="sr-only"> item{count === 1 ? '' : 's'}</span>
        </span>
      </button>
    </li>
  );
}

export interface FolderSidebarProps {
  /** Over the search's matches, with the folders made but still empty. */
  readonly counts: SidebarCounts;
  readonly onNewFolder: () => void;
  readonly onRenameFolder: (folder: string) => void;
  readonly onDeleteFolder: (folder: string) => void;
}

export function FolderSidebar({ counts, onNewFolder, onRenameFolder, onDeleteFolder }: FolderSidebarProps) {
  const current = useAppStore((s) => s.listFilter);
  const folder = current.kind === 'folder' ? current.folder : null;
  return (
    <nav className="sidebar" aria-label="Vault sections">
      <ul className="filters" aria-label="Items">
        <FilterButton filter={{ kind: 'all' }} label="All items" count={counts.all} />
        <FilterButton filter={{ kind: 'favorites' }} label="Favorites" count={counts.favorites} />
      </ul>
      <h2 id="types-heading">Types</h2>
      <ul className="filters" aria-labelledby="types-heading">
        {RECORD_TYPES.map((t) => (
          <FilterButton key={t} filter={{ kind: 'type', type: t }} label={RECORD_TYPE_PLURALS[t]} count={counts.types[t]} />
        ))}
      </ul>
      <h2 id="folders-heading">Folders</h2>
      <ul className="filters" aria-labelledby="folders-heading">
        {counts.folders.map((f) => (
          <FilterButton key={f.name} filter={{ kind: 'folder', folder: f.name }} label={f.name} count={f.count} />
        ))}
      </ul>
      <div className="folder-actions">
        <button type="button" className="secondary" onClick={onNewFolder}>
          New folder
        </button>
        {folder !== null ? (
          <>
            <button type="button" className="secondary" onClick={() => onRenameFolder(folder)}>
              Rename folder
            </button>
            <button type="button" className="danger" onClick={() => onDeleteFolder(folder)}>
              Delete folder
            </button>
          </>
        ) : null}
      </div>
    </nav>
  );
}
