import { useEffect, useRef } from 'react';
import type { ContractError, ResultOf } from '../../../preload/contract';
import { ErrorBanner } from '../components/error-banner';
import { AdminTable } from './admin-table';

type ConnectionTestReport = ResultOf<'adminTestSignInResult'>;

/** Where a test sign-in stands, as the connections view shows it. */
export type ConnectionTestState =
  | { readonly kind: 'starting'; readonly connectionId: string }
  | { readonly kind: 'waiting'; readonly connectionId: string; readonly testId: string; readonly authorizationUrl: string; readonly browser: 'opened' | 'failed' | 'unknown' }
  | { readonly kind: 'done'; readonly connectionId: string; readonly report: ConnectionTestReport }
  | { readonly kind: 'failed'; readonly connectionId: string; readonly error: ContractError };

const CHECK_LABELS: Readonly<Record<string, string>> = {
  origin: 'Posted by the IdP’s page',
  encoding: 'Encoding',
  schema: 'SAML schema',
  structure: 'Structure and status',
  signature: 'Signature',
  issuer: 'Issuer',
  destination: 'Destination',
  subject_confirmation: 'Bearer subject confirmation',
  recipient: 'Recipient',
  audience: 'Audience',
  time_window: 'Time window (clock skew)',
  in_response_to: 'InResponseTo',
  email: 'Email in the assertion',
  replay: 'Replay',
  redirect_uri: 'Redirect URI',
  state: 'State',
  idp_error: 'IdP error',
  iss: 'Issuer parameter (RFC 9207)',
  token_exchange: 'Code exchange (PKCE)',
  id_token: 'ID token',
  nonce: 'Nonce',
  userinfo: 'UserInfo',
  email_verified: 'Email verified',
  required_attributes: 'Required attributes',
  required_claims: 'Required claims',
  email_domain: 'Email domain',
  placement: 'Just-in-time placement',
};

const OUTCOME_TEXT = { pass: 'Passed', fail: 'Failed', skipped: 'Not evaluated' } as const;

/** The test sign-in of one connection: waiting for the IdP, then what it sent and each check's result. */
export function ConnectionTestPanel({ state, onClose, onCancel }: { state: ConnectionTestState; onClose: () => void; onCancel: (testId: string) => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (state.kind === 'done' || state.kind === 'failed') heading.current?.focus();
  }, [state.kind]);
  const title = state.kind === 'done' ? `Test sign-in result: ${state.connectionId}` : `Test sign-in: ${state.connectionId}`;
  return (
    <section aria-labelledby="connection-test-heading" className="connection-test">
      <h3 id="connection-test-heading" ref={heading} tabIndex={-1}>
        {title}
      </h3>
      {state.kind === 'starting' ? <p role="status">Starting the test sign-in…</p> : null}
      {state.kind === 'waiting' ? (
        <>
          <p role="status">Finish signing in at the identity provider in your browser. A test signs nobody in to Keyhaven.</p>
          {state.browser === 'opened' ? null : (
            <p>
              {state.browser === 'failed' ? 'Keyhaven could not open your browser: ' : 'If your browser did not open, '}
              <a href={state.authorizationUrl} target="_blank" rel="noreferrer noopener">
                open the identity provider’s sign-in page
              </a>
              .
            </p>
          )}
          <button type="button" className="secondary" onClick={() => onCancel(state.testId)}>
            Cancel the test
          </button>
        </>
      ) : null}
      {state.kind === 'failed' ? <ErrorBanner error={state.error} /> : null}
      {state.kind === 'done' ? <TestReport report={state.report} /> : null}
      {state.kind === 'waiting' || state.kind === 'starting' ? null : (
        <button type="button" className="secondary" onClick={onClose}>
          Close the test result
        </button>
      )}
    </section>
  );
}

function TestReport({ report }: { report: ConnectionTestReport }) {
  const failures = report.checks.filter((c) => c.outcome === 'fail').length;
  const { identity } = report;
  return (
    <>
      <p role="status" className={report.outcome === 'pass' ? 'banner banner-ok' : 'banner banner-warning'}>
        {report.outcome === 'pass'
          ? 'Every check passed: a sign-in through this connection would succeed. Nobody was signed in.'
          : `${failures} ${failures === 1 ? 'check' : 'checks'} failed: a sign-in through this connection would be refused. Nobody was signed in.`}
      </p>
      {identity.verified ? null : <p className="hint">The values below were not verified: read as the identity provider sent them.</p>}
      <dl className="fields">
        <dt>{report.protocol === 'saml' ? 'NameID' : 'Subject (sub)'}</dt>
        <dd>{identity.subject ?? '—'}</dd>
        <dt>Email</dt>
        <dd>{identity.email ?? '—'}</dd>
        <dt>Name</dt>
        <dd>{identity.name ?? '—'}</dd>
        <dt>Groups</dt>
        <dd>{identity.groups === null ? '—' : identity.groups.join(', ') || 'none'}</dd>
        <dt>Would be placed in</dt>
        <dd>{report.placement === null ? '—' : `${report.placement.node} · ${report.placement.role} (${report.placement.user === 'new' ? 'new person, JIT' : 'existing person'})`}</dd>
      </dl>
      <AdminTable caption="Checks" showCaption columns={['Check', 'Result', 'Reason code', 'Details']}>
        {report.checks.map((c) => (
          <tr key={c.check} data-outcome={c.outcome}>
            <th scope="row">{CHECK_LABELS[c.check] ?? c.check}</th>
            <td>{OUTCOME_TEXT[c.outcome]}</td>
            <td>{c.code === null ? '—' : <code>{c.reason === null || c.reason === c.code ? c.code : `${c.code} (${c.reason})`}</code>}</td>
            <td>{c.message}</td>
          </tr>
        ))}
      </AdminTable>
      <AdminTable caption={report.protocol === 'saml' ? 'Attributes the identity provider sent' : 'Claims of the ID token'} showCaption columns={['Name', 'Values']}>
        {report.claims.length === 0 ? (
          <tr>
            <td colSpan={2}>None</td>
          </tr>
        ) : (
          report.claims.map((c) => (
            <tr key={c.name}>
              <th scope="row">{c.name}</th>
              <td>{c.values.join(', ')}</td>
            </tr>
          ))
        )}
      </AdminTable>
    </>
  );
}
