import type { ReactNode } from 'react';
import type { WebhookStatusView } from '../../../preload/channels/admin-channels';
import { formatDate } from './admin-labels';
import { AdminTable } from './admin-table';
import { RecentDeliveries } from './recent-deliveries';

/** What every outbox destination reports, whatever carries its events (webhook or syslog collector). */
type DestinationStatus = Omit<WebhookStatusView, 'url'>;

/** The last attempt of any delivery to a destination, with its error (webhooks also say the HTTP status). */
function lastAttemptText(d: Pick<DestinationStatus, 'lastAttempt'>): string {
  if (d.lastAttempt === null) return 'No attempt yet';
  const outcome = d.lastAttempt.error ?? (d.lastAttempt.status === null ? 'delivered' : `answered HTTP ${d.lastAttempt.status}`);
  return `${formatDate(d.lastAttempt.at)}: ${outcome}`;
}

interface DestinationTableProps<D extends DestinationStatus> {
  /** The table's accessible name, e.g. "Webhooks". */
  readonly caption: string;
  /** The header of the row-header column that names each destination, e.g. "Webhook". */
  readonly nameHeader: string;
  readonly destinations: readonly D[];
  /** Where the destination sends its events, as the admin should read it. */
  readonly receiver: (d: D) => ReactNode;
  /** Show when the destination last accepted an event, beside the delivered count. */
  readonly lastDelivered: boolean;
  /** How the "Latest deliveries to …" table names the destination. */
  readonly recentName: (d: D) => string;
}

/**
 * Delivery status of the outbox destinations the tenant file names: one row each (counts, last
 * attempt, oldest waiting), then the latest deliveries of each. Nothing when there are none.
 */
export function DestinationTable<D extends DestinationStatus>({ caption, nameHeader, destinations, receiver, lastDelivered, recentName }: DestinationTableProps<D>) {
  if (destinations.length === 0) return null;
  return (
    <>
      <AdminTable
        caption={caption}
        columns={[nameHeader, 'Receiver', 'Events', 'Delivered', ...(lastDelivered ? ['Last delivered'] : []), 'Waiting', 'Failing', 'Last attempt', 'Oldest waiting']}
      >
        {destinations.map((d) => (
          <tr key={d.id}>
            <th scope="row">{d.id}</th>
            <td>{receiver(d)}</td>
            <td>{d.events.join(', ')}</td>
            <td>{d.delivered}</td>
            {lastDelivered ? <td>{formatDate(d.lastDeliveredAt)}</td> : null}
            <td>{d.pending}</td>
            <td>{d.failing}</td>
            <td className={d.lastAttempt?.error ? 'banner banner-warning' : undefined}>{lastAttemptText(d)}</td>
            <td>{formatDate(d.oldestPendingAt)}</td>
          </tr>
        ))}
      </AdminTable>
      {destinations.map((d) => (
        <RecentDeliveries key={d.id} destination={recentName(d)} recent={d.recent} />
      ))}
    </>
  );
}
