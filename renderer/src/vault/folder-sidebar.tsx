import type { VaultRecord } from '../../../preload/contract';
import { useAppStore } from '../state/store-context';
import { countByFolder, sameFilter, type ListFilter } from './record-filters';

function FilterButton({ filter, label, count }: { filter: ListFilter; label: string; count: number }) {
  const current = useAppStore((s) => s.listFilter);
  const setListFilter = useAppStore((s) => s.setListFilter);
  const active = sameFilter(current, filter);
  return (
    <li>
      <button type="button" className="filter-button" aria-current={active ? 'true' : undefined} onClick={() => setListFilter(filter)}>
        <span>{label}</span>
        <span className="count">
          {count}
          <span className="sr-only"> item{count === 1 ? '' : 's'}</span>
        </span>
      </button>
    </li>
  );
}

export function FolderSidebar({ records }: { records: readonly VaultRecord[] }) {
  const counts = countByFolder(records);
  return (
    <nav className="sidebar" aria-labelledby="folders-heading">
      <h2 id="folders-heading">Folders</h2>
      <ul className="filters">
        <FilterButton filter={{ kind: 'all' }} label="All items" count={counts.all} />
        <FilterButton filter={{ kind: 'favorites' }} label="Favorites" count={counts.favorites} />
        {counts.folders.map((f) => (
          <FilterButton key={f.name} filter={{ kind: 'folder', folder: f.name }} label={f.name} count={f.count} />
        ))}
      </ul>
    </nav>
  );
}
