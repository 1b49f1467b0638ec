import { ErrorBanner } from '../components/error-banner';
import { formatDate } from './admin-labels';
import { useAdminCall } from './use-admin-call';

/** The SSO connections as the tenant file defines them (change the file and reload to edit). */
export function ConnectionsView() {
  const { data, error } = useAdminCall('adminConnections', {});
  return (
    <section aria-labelledby="connections-heading">
      <h2 id="connections-heading">SSO connections</h2>
      <p className="hint">The tenant configuration file is the source of truth: edit it and restart the backend to change a connection.</p>
      {error ? <ErrorBanner error={error} /> : null}
      {data ? (
        <div className="admin-table-wrap">
          <table className="admin-table">
            <caption className="sr-only">SSO connections</caption>
            <thead>
              <tr>
                <th scope="col">Connection</th>
                <th scope="col">Protocol</th>
                <th scope="col">Node</th>
                <th scope="col">Domains</th>
                <th scope="col">JIT</th>
                <th scope="col">IdP-initiated</th>
                <th scope="col">IdP signing certificate</th>
                <th scope="col">SP metadata</th>
              </tr>
            </thead>
            <tbody>
              {data.connections.map((c) => (
                <tr key={c.id}>
                  <th scope="row">{c.id}</th>
                  <td>{c.protocol.toUpperCase()}</td>
                  <td>{c.node}</td>
                  <td>{c.domains.join(', ')}</td>
                  <td>{c.jit ? 'on' : 'off'}</td>
                  <td>{c.allowIdpInitiated === null ? '—' : c.allowIdpInitiated ? 'allowed' : 'refused'}</td>
                  <td>
                    {c.certificates.length === 0
                      ? c.protocol === 'oidc'
                        ? `keys from ${c.issuer ?? 'the issuer'}`
                        : '—'
                      : c.certificates.map((cert) => (
                          <p key={cert.notAfter + cert.subject} className={cert.state === 'ok' ? undefined : 'banner banner-warning'}>
                            {cert.state === 'expired'
                              ? `Expired on ${formatDate(cert.notAfter)}`
                              : cert.state === 'expiring'
                                ? `Expires in ${cert.daysLeft} days (${formatDate(cert.notAfter)})`
                                : `Valid until ${formatDate(cert.notAfter)}`}
                          </p>
                        ))}
                  </td>
                  <td>{c.spMetadataUrl ? <a href={c.spMetadataUrl} download={`${c.id}-sp-metadata.xml`} aria-label={`Download the SP metadata of ${c.id}`}>Download</a> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
