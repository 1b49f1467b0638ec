import type { WebhookStatusView } from '../../../preload/channels/admin-channels';
import { ErrorBanner } from '../components/error-banner';
import { formatDate } from './admin-labels';
import { useAdminCall } from './use-admin-call';

function lastAttemptText(h: WebhookStatusView): string {
  if (h.lastAttempt === null) return 'No attempt yet';
  const outcome = h.lastAttempt.error ?? `answered HTTP ${h.lastAttempt.status ?? '—'}`;
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
      {data?.webhooks.map((h) =>
        h.recent.length === 0 ? null : (
          <div key={h.id} className="admin-table-wrap">
            <table className="admin-table">
              <caption>Latest deliveries to {h.id}</caption>
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
                {h.recent.map((d) => (
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
        ),
      )}
    </section>
  );
}
