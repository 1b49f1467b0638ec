import { useEffect, useId, useState, type FormEvent } from 'react';
import type { ApprovalPrompt } from '../../../preload/contract';
import { ErrorBanner } from '../components/error-banner';
import { ModalDialog } from '../components/modal-dialog';
import { useAppStore } from '../state/store-context';

const OUTCOME_TEXT = {
  approved: 'The new device was approved and can now open your vault.',
  wrong_phrase: 'That was not the phrase the new device shows, so the request was refused. If it was you, ask again from the new device.',
  denied: 'The request was denied.',
} as const;

/** On a trusted, unlocked device: the requests of the person's new devices, one at a time. */
export function ApprovalPrompts() {
  const prompts = useAppStore((s) => s.approvalPrompts);
  const answer = useAppStore((s) => s.approvalAnswer);
  const error = useAppStore((s) => s.devicesError);
  const load = useAppStore((s) => s.loadApprovalPrompts);
  const dismiss = useAppStore((s) => s.dismissApprovalAnswer);

  useEffect(() => {
    void load();
  }, [load]);

  const prompt = prompts[0];
  if (prompt) return <ApprovalPromptDialog key={prompt.requestId} prompt={prompt} />;
  if (answer || error) {
    return (
      <ModalDialog title="Device approval" onClose={dismiss}>
        {error ? <ErrorBanner error={error} /> : <p role="status">{answer ? OUTCOME_TEXT[answer.outcome] : ''}</p>}
        <div className="row">
          <button type="button" className="primary" onClick={dismiss} data-autofocus>
            OK
          </button>
        </div>
      </ModalDialog>
    );
  }
  return null;
}

function ApprovalPromptDialog({ prompt }: { prompt: ApprovalPrompt }) {
  const answerPrompt = useAppStore((s) => s.answerApprovalPrompt);
  const [picked, setPicked] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const groupId = useId();

  async function send(answer: { kind: 'pick'; phrase: string } | { kind: 'deny' }) {
    setBusy(true);
    await answerPrompt(prompt.requestId, answer);
    setBusy(false);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (picked !== null) void send({ kind: 'pick', phrase: picked });
  }

  return (
    <ModalDialog title="Approve a new device?" onClose={() => void send({ kind: 'deny' })}>
      <dl className="approval-details">
        <dt>Device</dt>
        <dd>{prompt.deviceName}</dd>
        <dt>From</dt>
        <dd>{prompt.ip}</dd>
        <dt>Asked at</dt>
        <dd>{new Date(prompt.createdAt).toLocaleString()}</dd>
      </dl>
      <form onSubmit={submit}>
        <fieldset>
          <legend id={groupId}>Which phrase does the new device show?</legend>
          {prompt.candidates.map((phrase) => (
            <label key={phrase} className="checkbox-row">
              <input type="radio" name="phrase" value={phrase} checked={picked === phrase} onChange={() => setPicked(phrase)} disabled={busy} />
              {phrase}
            </label>
          ))}
        </fieldset>
        <p className="muted">If you did not just sign in on another computer, or none of these matches, deny.</p>
        <div className="row">
          <button type="submit" className="primary" disabled={busy || picked === null}>
            Approve
          </button>
          <button type="button" className="secondary" disabled={busy} onClick={() => void send({ kind: 'deny' })}>
            Deny
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
