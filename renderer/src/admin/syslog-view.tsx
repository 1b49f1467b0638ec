import type { SyslogStatusView } from '../../../preload/channels/admin-channels';
import { ErrorBanner } from '../components/error-banner';
import { formatDate } from './admin-labels';
import { RecentDeliveries } from './recent-deliveries';
import { useAdminCall } from './use-admin-call';
import { lastAttemptText } from './webhooks-view';

function receiverText(d: SyslogStatusView): string {
  const trust = d.trust === null ? 'no encryption' : d.trust === 'configured' ? 'certificate checked against the configured CA' : 'certificate checked against the system CAs';
  return `${d.host}:${d.port} over ${d.transport.toUpperCase()} (${trust})`;
}

/** Delivery status of each syslog collector the tenant file names, beside the webhooks. */
export function SyslogView() {
  const { data, error, loading, reload } = useAdminCall('adminSyslog', {});
  return (
    <section aria-labelledby="syslog-heading">
      <h2 id="syslog-heading">Syslog</h2>
      <p className="hint">
        Syslog collectors are set in the tenant configuration file (<code>syslog:</code>) and receive the same events as RFC 5424 messages over TCP or TLS, in order.
      </p>
      <div className="row">
        <button type="button" className="secondary" onClick={reload} disabled={loading}>
          Reload syslog status
        </button>
      </div>
      {error ? <ErrorBanner error={error} /> : null}
      {data && data.syslog.length === 0 ? <p role="status">No syslog collector is configured.</p> : null}
      {data && data.syslog.length > 0 ? (
        <div className="admin-table-wrap">
          <table className="admin-table">
            <caption className="sr-only">Syslog collectors</caption>
            <thead>
              <tr>
                <th scope="col">Collector</th>
                <th scope="col">Receiver</th>
                <th scope="col">Events</th>
                <th scope="col">Delivered</th>
                <th scope="col">Last delivered</th>
                <th scope="col">Waiting</th>
                <th scope="col">Failing</th>
                <th scope="col">Last attempt</th>
                <th scope="col">Oldest waiting</th>
              </tr>
            </thead>
            <tbody>
              {data.syslog.map((d) => (
                <tr key={d.id}>
                  <th scope="row">{d.id}</th>
                  <td>{receiverText(d)}</td>
                  <td>{d.events.join(', ')}</td>
                  <td>{d.delivered}</td>
                  <td>{formatDate(d.lastDeliveredAt)}</td>
                  <td>{d.pending}</td>
                  <td>{d.failing}</td>
                  <td className={d.lastAttempt?.error ? 'banner banner-warning' : undefined}>{lastAttemptText(d)}</td>
                  <td>{formatDate(d.oldestPendingAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {data?.syslog.map((d) => (
        <RecentDeliveries key={d.id} destination={`syslog ${d.id}`} recent={d.recent} />
      ))}
    </section>
  );
}
