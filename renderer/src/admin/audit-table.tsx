import type { AdminEvent } from '../../../preload/channels/admin-channels';
import { formatDate } from './admin-labels';
import { AdminTable } from './admin-table';

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

const AUDIT_COLUMNS = ['When', 'Event', 'Outcome', 'Person', 'IP', 'Connection', 'Details'];

export function AuditTable({ events, caption }: { events: readonly AdminEvent[]; caption: string }) {
  return (
    <AdminTable caption={caption} columns={AUDIT_COLUMNS}>
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
    </AdminTable>
  );
}
