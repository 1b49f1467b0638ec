import { ErrorBanner } from '../components/error-banner';
import { formatDate } from './admin-labels';
import { useAdminCall } from './use-admin-call';

/** What is loaded, and what a restart would make of the tenant file as it is now. */
export function ConfigFileStatus() {
  const { data, error, loading, reload } = useAdminCall('adminConfigCheck', {});
  return (
    <section aria-labelledby="config-file-heading" className="admin-config-file">
      <h3 id="config-file-heading">Tenant configuration</h3>
      {error ? <ErrorBanner error={error} /> : null}
      {data ? (
        <>
          <p>
            Loaded from <code>{data.file}</code> at {formatDate(data.loadedAt)}.
          </p>
          <p role="status" className={data.state === 'invalid' ? 'banner banner-warning' : undefined}>
            {data.state === 'valid'
              ? 'The file on disk passes every check: a restart of the backend loads it as it is now.'
              : data.state === 'invalid'
                ? `The file on disk has ${data.issueCount} ${data.issueCount === 1 ? 'problem' : 'problems'}: a restart would refuse it until they are fixed.`
                : 'This configuration was not read from a file.'}
          </p>
          {data.issues && data.issues.length > 0 ? (
            <ul aria-label="Problems in the tenant file">
              {data.issues.map((i) => (
                <li key={`${i.path}:${i.reason}`}>
                  <code>{i.path === '' ? '(document)' : i.path}</code>: {i.reason}
                </li>
              ))}
            </ul>
          ) : null}
        </>
      ) : null}
      <button type="button" className="secondary" onClick={reload} disabled={loading}>
        Check the file again
      </button>
    </section>
  );
}
