import { useEffect, useId, useState } from 'react';
import type { VaultRecord } from '../../../preload/contract';
import { useAppStore } from '../state/store-context';
import { filterLabel } from './record-filters';
import { RECORD_TYPE_NAMES } from './record-types';

const PAGE = 300;

export function RecordList({ records, onNew }: { records: readonly VaultRecord[]; onNew: () => void }) {
  const query = useAppStore((s) => s.query);
  const setQuery = useAppStore((s) => s.setQuery);
  const selectedId = useAppStore((s) => s.selectedId);
  const select = useAppStore((s) => s.select);
  const filter = useAppStore((s) => s.listFilter);
  const searchId = useId();
  const countId = useId();
  // A vault of tens of thousands of items renders a page at a time; search narrows it down.
  const [shown, setShown] = useState(PAGE);
  useEffect(() => setShown(PAGE), [query, filter]);
  const visible = records.length > shown ? records.slice(0, shown) : records;

  return (
    <section className="list-pane" aria-labelledby="items-heading">
      <div className="list-toolbar">
        <h2 id="items-heading">{filterLabel(filter)}</h2>
        <div role="search">
          <label htmlFor={searchId}>
            Search vault
          </label>
          <input
            id={searchId}
            type="search"
            placeholder="Search vault"
            autoComplete="off"
            spellCheck={false}
            aria-describedby={countId}
            value={query}
            onChange={(e) => void setQuery(e.target.value)}
          />
        </div>
        <p id={countId} className="hint" role="status">
          {records.length === 0 && query ? `No items match “${query}”.` : `${records.length} item${records.length === 1 ? '' : 's'}`}
        </p>
        <button type="button" className="primary" onClick={onNew}>
          New item
        </button>
      </div>
      <ul className="list" aria-labelledby="items-heading">
        {visible.map((r) => (
          <li key={r.id}>
            <button type="button" aria-current={r.id === selectedId ? 'true' : undefined} onClick={() => select(r.id)}>
              <span className="item-title">{r.title || 'Untitled'}</span>
              <span className="item-sub muted">{r.type === 'login' ? r.username : RECORD_TYPE_NAMES[r.type]}</span>
            </button>
          </li>
        ))}
      </ul>
      {visible.length < records.length ? (
        <button type="button" className="link show-more" onClick={() => setShown((n) => n + PAGE)}>
          Show more ({records.length - visible.length} more)
        </button>
      ) : null}
    </section>
  );
}
