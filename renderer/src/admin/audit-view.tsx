import { useEffect, useRef, useState } from 'react';
import type { AdminEvent, AdminEventFilter } from '../../../preload/channels/admin-channels';
import type { ContractError } from '../../../preload/contract';
import { ErrorBanner } from '../components/error-banner';
import { useAppStore } from '../state/store-context';
import { AuditTable } from './audit-table';
import { saveTextFile } from './save-text-file';

const EMPTY: AdminEventFilter = { type: null, user: null, outcome: null, from: null, to: null };
const PAGE = 100;

/** A date field (yyyy-mm-dd) as the start of that day in UTC; `next` = the day after (exclusive end). */
function dayStart(value: string, next = false): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const d = new Date(`${value}T00:00:00.000Z`);
  if (next) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString();
}

/** The audit log of the scope: filtered and paged by the backend; the same filter exports as CSV. */
export function AuditView() {
  const adminRequest = useAppStore((s) => s.adminRequest);
  const [form, setForm] = useState({ type: '', user: '', outcome: '', from: '', to: '' });
  const [filter, setFilter] = useState<AdminEventFilter>(EMPTY);
  const [events, setEvents] = useState<readonly AdminEvent[] | null>(null);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [error, setError] = useState<ContractError | null>(null);
  const [notice, setNotice] = useState('');

  // Only the newest request's answer is shown (an earlier, slower one must not overwrite it).
  const latest = useRef(0);

  const load = async (f: AdminEventFilter, before: number | null) => {
    setError(null);
    const ticket = ++latest.current;
    const result = await adminRequest('adminListEvents', { filter: f, before, limit: PAGE });
    if (ticket !== latest.current) return;
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setEvents((prev) => (before === null || prev === null ? result.value.events : [...prev, ...result.value.events]));
    setNextBefore(result.value.nextBefore);
    const n = result.value.events.length;
    setNotice(`${before === null ? 'Showing' : 'Added'} ${n} ${n === 1 ? 'event' : 'events'}.`);
  };
  useEffect(() => {
    void load(EMPTY, null);
    // The first page once; later loads come from the filters and "Load older events".
  }, []);

  const apply = () => {
    const f: AdminEventFilter = {
      type: form.type.trim() || null,
      user: form.user.trim() || null,
      outcome: form.outcome === 'success' || form.outcome === 'failure' ? form.outcome : null,
      from: dayStart(form.from),
      to: dayStart(form.to, true),
    };
    setFilter(f);
    void load(f, null);
  };

  const exportCsv = async () => {
    setError(null);
    const result = await adminRequest('adminExportEvents', { filter });
    if (!result.ok) {
      setError(result.error);
      return;
    }
    saveTextFile(result.value.fileName, result.value.csv, 'text/csv');
    setNotice('The CSV file was saved to your downloads.');
  };

  const field = (name: keyof typeof form) => ({ value: form[name], onChange: (e: { target: { value: string } }) => setForm((f) => ({ ...f, [name]: e.target.value })) });

  return (
    <section aria-labelledby="audit-heading">
      <h2 id="audit-heading">Audit log</h2>
      <form
        className="row admin-filters"
        aria-label="Audit filters"
        onSubmit={(e) => {
          e.preventDefault();
          apply();
        }}
      >
        <div>
          <label htmlFor="audit-type">Event type</label>
          <input id="audit-type" type="text" placeholder="e.g. sign_in.failed" {...field('type')} />
        </div>
        <div>
          <label htmlFor="audit-user">Person (email or id)</label>
          <input id="audit-user" type="text" {...field('user')} />
        </div>
        <div>
          <label htmlFor="audit-outcome">Outcome</label>
          <select id="audit-outcome" {...field('outcome')}>
            <option value="">Any</option>
            <option value="success">Succeeded</option>
            <option value="failure">Failed</option>
          </select>
        </div>
        <div>
          <label htmlFor="audit-from">From</label>
          <input id="audit-from" type="date" {...field('from')} />
        </div>
        <div>
          <label htmlFor="audit-to">To</label>
          <input id="audit-to" type="date" {...field('to')} />
        </div>
        <button type="submit" className="primary">
          Apply filters
        </button>
        <button type="button" className="secondary" onClick={() => void exportCsv()}>
          Export CSV
        </button>
      </form>
      <p role="status" className="admin-notice">
        {notice}
      </p>
      {error ? <ErrorBanner error={error} onDismiss={() => setError(null)} /> : null}
      {events ? <AuditTable events={events} caption="Audit events, newest first" /> : null}
      {nextBefore !== null ? (
        <button type="button" className="secondary" onClick={() => void load(filter, nextBefore)}>
          Load older events
        </button>
      ) : null}
    </section>
  );
}
