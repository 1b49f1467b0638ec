import type { WebhookStatusView } from '../../../preload/channels/admin-channels';
import { ErrorBanner } from '../components/error-banner';
import { formatDate } from './admin-labels';
import { RecentDeliveries } from './recent-deliveries';
import { useAdminCall } from './use-admin-call';

/** The last attempt of any delivery to a destination, with its error (webhooks also say the HTTP status). */
export function lastAttemptText(h: Pick<WebhookStatusView, 'lastAttempt'>): string {
  if (h.lastAttempt === null) return 'No attempt yet';
  const outcome = h.lastAttempt.error ?? (h.lastAttempt.status === null ? 'delivered' : `answered HTTP ${h.lastAttempt.status}`);
  return `${formatDate(h.lastAttempt.at)}: ${outcome}`;
}

/** Delivery status of each webhook the tenant file names (the file is where hooks are managed). */
export function WebhooksView() {
  const { data, error, loading, reload } = useAdminCall('adminWebhooks', {});
  return (
    <section aria-labelledby="webhooks-heading">
      <h2 id="webhooks-heading">Event forwarding</h2>
      <p className="hint">
        Webhooks are set in the tenant configuration file (<code>webhooks:</code>); edit it and restart the backend to change them. Events wait in the outbox until their receiver
        accepts them.
      </p>
      <div className="row">
        <button type="button" className="secondary" onClick={reload} disabled={loading}>
          Refresh
        </button>
      </div>
      {error ? <ErrorBanner error={error} /> : null}
      {data && data.webhooks.length === 0 ? <p role="status">No webhook is configured.</p> : null}
      {data && data.webhooks.length > 0 ? (
        <div className="admin-table-wrap">
          <table className="admin-table">
            <caption className="sr-only">Webhooks</caption>
            <thead>
              <tr>
                <th scope="col">Webhook</th>
                <th scope="col">Receiver</th>
                <th scope="col">Events</th>
                <th scope="col">Delivered</th>
                <th scope="col">Waiting</th>
                <th scope="col">Failing</th>
                <th scope="col">Last attempt</th>
                <th scope="col">Oldest waiting</th>
              </tr>
            </thead>
            <tbody>
              {data.webhooks.map((h) => (
                <tr key={h.id}>
                  <th scope="row">{h.id}</th>
                  <td>{h.url}</td>
                  <td>{h.events.join(', ')}</td>
                  <td>{h.delivered}</td>
                  <td>{h.pending}</td>
                  <td>{h.failing}</td>
                  <td className={h.lastAttempt?.error ? 'banner banner-warning' : undefined}>{lastAttemptText(h)}</td>
                  <td>{formatDate(h.oldestPendingAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {data?.webhooks.map((h) => (
        <RecentDeliveries key={h.id} destination={h.id} recent={h.recent} />
      ))}
    </section>
  );
}
