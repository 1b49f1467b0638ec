import { useEffect, useId, useRef, useState } from 'react';
import type { VaultRecord } from '../../../preload/contract';
import { useAppStore } from '../state/store-context';
import { filterLabel } from './record-filters';
import { RECORD_TYPE_NAMES } from './record-types';

/**
 * The vault list: the records loaded so far (main answers a page at a time) and "Show more" for
 * the next page while more match; the count is of every matching record.
 */
export function RecordList({ records, total, onNew }: { records: readonly VaultRecord[]; total: number; onNew: () => void }) {
  const query = useAppStore((s) => s.query);
  const setQuery = useAppStore((s) => s.setQuery);
  const selectedId = useAppStore((s) => s.selectedId);
  const select = useAppStore((s) => s.select);
  const filter = useAppStore((s) => s.listFilter);
  const loadMore = useAppStore((s) => s.loadMore);
  const searchId = useId();
  const countId = useId();
  const [loading, setLoading] = useState(false);
  const list = useRef<HTMLUListElement>(null);
  // After "Show more", keyboard and screen-reader users go on from the first item it added.
  const focusFrom = useRef<number | null>(null);
  useEffect(() => {
    const from = focusFrom.current;
    if (from === null || records.length <= from) return;
    focusFrom.current = null;
    list.current?.querySelectorAll<HTMLButtonElement>(':scope > li > button')[from]?.focus();
  }, [records]);
  const more = total - records.length;
  const showMore = async () => {
    if (loading) return;
    focusFrom.current = records.length;
    setLoading(true);
    try {
      await loadMore();
    } finally {
      setLoading(false);
    }
  };

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
          {total === 0 && query ? `No items match “${query}”.` : `${total} item${total === 1 ? '' : 's'}`}
        </p>
        <button type="button" className="primary" onClick={onNew}>
          New item
        </button>
      </div>
      <ul ref={list} className="list" aria-labelledby="items-heading">
        {records.map((r) => (
          <li key={r.id}>
            <button type="button" aria-current={r.id === selectedId ? 'true' : undefined} onClick={() => select(r.id)}>
              <span className="item-title">{r.title || 'Untitled'}</span>
              <span className="item-sub muted">{r.type === 'login' ? r.username : RECORD_TYPE_NAMES[r.type]}</span>
            </button>
          </li>
        ))}
      </ul>
      {more > 0 ? (
        <button type="button" className="link show-more" aria-busy={loading} onClick={() => void showMore()}>
          Show more ({more} more)
        </button>
      ) : null}
    </section>
  );
}
