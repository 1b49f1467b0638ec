import { useRef, useState } from 'react';
import type { ContractError } from '../../../preload/contract';
import { ErrorBanner } from '../components/error-banner';
import { useAppStore } from '../state/store-context';
import { formatDate } from './admin-labels';
import { AdminTable } from './admin-table';
import { ConfigFileStatus } from './config-file-status';
import { ConnectionTestPanel, type ConnectionTestState } from './connection-test-panel';
import { saveTextFile } from './save-text-file';
import { useAdminCall } from './use-admin-call';

/** The SSO connections as the tenant file defines them (change the file and reload to edit). */
export function ConnectionsView() {
  const { data, error } = useAdminCall('adminConnections', {});
  const adminRequest = useAppStore((s) => s.adminRequest);
  const [downloadError, setDownloadError] = useState<ContractError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const downloadMetadata = async (connectionId: string) => {
    setDownloadError(null);
    setNotice(null);
    const result = await adminRequest('adminSpMetadata', { connectionId });
    if (!result.ok) {
      setDownloadError(result.error);
      return;
    }
    saveTextFile(result.value.fileName, result.value.xml, 'application/samlmetadata+xml');
    setNotice(`The SP metadata of ${connectionId} was saved to your downloads.`);
  };
  const [test, setTest] = useState<ConnectionTestState | null>(null);
  const round = useRef(0);
  const runTest = async (connectionId: string) => {
    const mine = ++round.current;
    const show = (state: ConnectionTestState) => {
      if (round.current === mine) setTest(state);
    };
    show({ kind: 'starting', connectionId });
    const started = await adminRequest('adminTestSignIn', { connectionId });
    if (!started.ok) return show({ kind: 'failed', connectionId, error: started.error });
    show({ kind: 'waiting', connectionId, testId: started.value.testId, authorizationUrl: started.value.authorizationUrl, browser: started.value.browser });
    const result = await adminRequest('adminTestSignInResult', { testId: started.value.testId });
    show(result.ok ? { kind: 'done', connectionId, report: result.value } : { kind: 'failed', connectionId, error: result.error });
  };
  return (
    <section aria-labelledby="connections-heading">
      <h2 id="connections-heading">SSO connections</h2>
      <p className="hint">The tenant configuration file is the source of truth: edit it and restart the backend to change a connection.</p>
      <ConfigFileStatus />
      {error ? <ErrorBanner error={error} /> : null}
      {downloadError ? <ErrorBanner error={downloadError} /> : null}
      {notice ? <p role="status">{notice}</p> : null}
      {data ? (
        <AdminTable caption="SSO connections" columns={['Connection', 'Protocol', 'Node', 'Domains', 'JIT', 'IdP-initiated', 'IdP signing certificate', 'SP metadata', 'Test']}>
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
              <td>
                {c.spMetadataUrl ? (
                  <button type="button" className="secondary" aria-label={`Download the SP metadata of ${c.id}`} onClick={() => void downloadMetadata(c.id)}>
                    Download
                  </button>
                ) : (
                  '—'
                )}
              </td>
              <td>
                <button type="button" className="secondary" aria-label={`Test sign-in with ${c.id}`} disabled={test !== null && (test.kind === 'starting' || test.kind === 'waiting') && test.connectionId === c.id} onClick={() => void runTest(c.id)}>
                  Test sign-in
                </button>
              </td>
            </tr>
          ))}
        </AdminTable>
      ) : null}
      {test ? (
        <ConnectionTestPanel
          state={test}
          onCancel={(testId) => void adminRequest('adminTestSignInCancel', { testId })}
          onClose={() => {
            round.current += 1;
            setTest(null);
          }}
        />
      ) : null}
    </section>
  );
}
