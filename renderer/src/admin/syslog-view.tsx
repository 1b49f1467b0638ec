import type { SyslogStatusView } from '../../../preload/channels/admin-channels';
import { ErrorBanner } from '../components/error-banner';
import { DestinationTable } from './destination-table';
import { useAdminCall } from './use-admin-call';

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
      {data ? (
        <DestinationTable caption="Syslog collectors" nameHeader="Collector" destinations={data.syslog} receiver={receiverText} lastDelivered recentName={(d) => `syslog ${d.id}`} />
      ) : null}
    </section>
  );
}
