/** Previous/next for a server-paged list, with the range in words for screen readers. */
export function Pager({ label, offset, limit, total, onPage }: { label: string; offset: number; limit: number; total: number; onPage: (offset: number) => void }) {
  const last = Math.min(offset + limit, total);
  return (
    <nav aria-label={`${label} pages`} className="row admin-pager">
      <button type="button" className="secondary" disabled={offset === 0} onClick={() => onPage(Math.max(0, offset - limit))}>
        Previous page
      </button>
      <span role="status">{total === 0 ? 'None' : `${offset + 1}–${last} of ${total.toLocaleString()}`}</span>
      <button type="button" className="secondary" disabled={last >= total} onClick={() => onPage(offset + limit)}>
        Next page
      </button>
    </nav>
  );
}
