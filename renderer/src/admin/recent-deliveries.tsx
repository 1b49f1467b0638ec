import type { WebhookStatusView } from '../../../preload/channels/admin-channels';
import { formatDate } from './admin-labels';

/** The latest outbox rows of one destination (webhook or syslog collector): ids, types and outcomes, never content. */
export function RecentDeliveries({ destination, recent }: { readonly destination: string; readonly recent: WebhookStatusView['recent'] }) {
  if (recent.length === 0) return null;
  return (
    <div className="admin-table-wrap">
      <table className="admin-table">
        <caption>Latest deliveries to {destination}</caption>
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">Type</th>
            <th scope="col">Status</th>
            <th scope="col">Attempts</th>
            <th scope="col">Last answer</th>
            <th scope="col">Next attempt</th>
          </tr>
        </thead>
        <tbody>
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
        </tbody>
      </table>
    </div>
  );
}
