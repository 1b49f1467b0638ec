import { useEffect, useState } from 'react';
import type { AdminApprovalPrompt } from '../../../preload/channels/admin-channels';
import type { ContractError } from '../../../preload/contract';
import { ErrorBanner } from '../components/error-banner';
import { PhrasePicker, type PhraseAnswer } from '../devices/phrase-picker';
import { useAppStore } from '../state/store-context';
import { formatDate } from './admin-labels';
import { RecoveryKeyPanel } from './recovery-key-panel';
import { useAdminCall } from './use-admin-call';

const OUTCOME_TEXT = {
  approved: 'Approved: the device can now open their vault.',
  wrong_phrase: 'That was not their phrase, so the request was refused. If it was them, they ask again and read the new phrase.',
  denied: 'Denied.',
} as const;

const REFRESH_MS = 5_000;

/**
 * Administration → Approvals: the organisation's recovery key, and the pending device
 * approval requests of people in this administrator's scope. Approving happens on this
 * device (main/devices/account-recovery.ts); the backend only ever sees sealed keys.
 */
export function ApprovalsView() {
  const requests = useAdminCall('adminApprovals', {});
  const [notice, setNotice] = useState<string | null>(null);
  const reload = requests.reload;

  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);

  return (
    <section aria-labelledby="approvals-heading">
      <h2 id="approvals-heading">Approvals</h2>
      <RecoveryKeyPanel />
      <h3>Waiting devices</h3>
      <p role="status" className="admin-notice">
        {notice ?? ''}
      </p>
      {requests.error ? <ErrorBanner error={requests.error} /> : null}
      {requests.data && requests.data.requests.length === 0 ? <p className="muted">No device of anyone in your scope is waiting for approval.</p> : null}
      <ul className="admin-approvals">
        {(requests.data?.requests ?? []).map((r) => (
          <li key={r.requestId}>
            <ApprovalRequest
              request={r}
              onAnswered={(text) => {
                setNotice(text);
                reload();
              }}
            />
          </li>
        ))}
      </ul>
    </section>
  );
}

function ApprovalRequest({ request, onAnswered }: { request: AdminApprovalPrompt; onAnswered: (text: string) => void }) {
  const adminRequest = useAppStore((s) => s.adminRequest);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ContractError | null>(null);

  async function send(answer: PhraseAnswer) {
    setBusy(true);
    setError(null);
    const result = await adminRequest('adminAnswerApproval', { requestId: request.requestId, answer });
    setBusy(false);
    if (result.ok) onAnswered(`${request.email}: ${OUTCOME_TEXT[result.value.outcome]}`);
    else setError(result.error);
  }

  return (
    <article aria-label={`Request of ${request.email}`} className="admin-approval">
      <dl className="approval-details">
        <dt>Person</dt>
        <dd>
          {request.email} <span className="muted">({request.node})</span>
        </dd>
        <dt>Device</dt>
        <dd>
          {request.deviceName} <span className="muted">({request.platform})</span>
        </dd>
        <dt>From</dt>
        <dd>{request.ip}</dd>
        <dt>Asked at</dt>
        <dd>
          {formatDate(request.createdAt)} <span className="muted">(expires {formatDate(request.expiresAt)})</span>
        </dd>
      </dl>
      {error ? <ErrorBanner error={error} onDismiss={() => setError(null)} /> : null}
      {request.recoveryEnrolled ? (
        <PhrasePicker
          question={`Call ${request.email} on a number you know is theirs. Which phrase does their new device show?`}
          candidates={request.candidates}
          busy={busy}
          onAnswer={(answer) => void send(answer)}
        />
      ) : (
        <>
          <p role="note">
            Their vault is not enrolled for account recovery, so you cannot approve this device. If none of their devices can and their vault has no master password,
            you can reset their vault under People.
          </p>
          <button type="button" className="secondary" disabled={busy} onClick={() => void send({ kind: 'deny' })}>
            Deny
          </button>
        </>
      )}
    </article>
  );
}
