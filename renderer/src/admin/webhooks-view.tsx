import { ErrorBanner } from '../components/error-banner';
import { DestinationTable } from './destination-table';
import { useAdminCall } from './use-admin-call';

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
      {data ? <DestinationTable caption="Webhooks" nameHeader="Webhook" destinations={data.webhooks} receiver={(h) => h.url} lastDelivered={false} recentName={(h) => h.id} /> : null}
    </section>
  );
}
