import type { WebhookStatusView } from '../../../preload/channels/admin-channels';
import { formatDate } from './admin-labels';
import { AdminTable } from './admin-table';

const RECENT_COLUMNS = ['Event', 'Type', 'Status', 'Attempts', 'Last answer', 'Next attempt'];

/** The latest outbox rows of one destination (webhook or syslog collector): ids, types and outcomes, never content. */
export function RecentDeliveries({ destination, recent }: { readonly destination: string; readonly recent: WebhookStatusView['recent'] }) {
  if (recent.length === 0) return null;
  return (
    <AdminTable caption={`Latest deliveries to ${destination}`} showCaption columns={RECENT_COLUMNS}>
      {recent.map((d) => (
        <tr key={d.eventId}>
          <th scope="row">
            <code>{d.eventId}</code>
          </th>
          <td>{d.eventType}</td>
          <td>{d.status === 'delivered' ? `delivered ${formatDate(d.deliveredAt)}` : d.attempts > 0 ? 'retrying' : 'waiting'}</td>
          <td>{d.attempts}</td>
          <td>{d.lastError ?? (d.lastStatus === null ? '—' : `HTTP ${d.lastStatus}`)}</td>
          <td>{formatDate(d.nextAttemptAt)}</td>
        </tr>
      ))}
    </AdminTable>
  );
}
