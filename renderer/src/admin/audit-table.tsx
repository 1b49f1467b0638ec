import type { AdminEvent } from '../../../preload/channels/admin-channels';
import { formatDate } from './admin-labels';

/** Details worth a column: who acted (admin actions), the sign-in stage and step, a device. */
function summary(e: AdminEvent): string {
  const d = e.details ?? {};
  const parts: string[] = [];
  for (const key of ['actor', 'stage', 'method', 'step', 'status', 'deviceId']) {
    const v = d[key];
    if (typeof v === 'string') parts.push(`${key}: ${v}`);
  }
  return parts.join(' · ');
}

export function AuditTable({ events, caption }: { events: readonly AdminEvent[]; caption: string }) {
  return (
    <div className="admin-table-wrap">
      <table className="admin-table">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Event</th>
            <th scope="col">Outcome</th>
            <th scope="col">Person</th>
            <th scope="col">IP</th>
            <th scope="col">Connection</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id}>
              <td>{formatDate(e.at)}</td>
              <td>{e.type}</td>
              <td>{e.outcome === 'failure' ? `failed: ${e.reason ?? ''}` : 'ok'}</td>
              <td>{e.userEmail ?? e.email ?? '—'}</td>
              <td>{e.ip ?? '—'}</td>
              <td>{e.connectionId ?? '—'}</td>
              <td>{summary(e)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
