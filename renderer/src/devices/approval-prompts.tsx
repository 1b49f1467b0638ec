import { useEffect, useState } from 'react';
import type { ApprovalPrompt } from '../../../preload/contract';
import { ErrorBanner } from '../components/error-banner';
import { ModalDialog } from '../components/modal-dialog';
import { useAppStore } from '../state/store-context';
import { PhrasePicker, type PhraseAnswer } from './phrase-picker';

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
  const [busy, setBusy] = useState(false);

  async function send(answer: PhraseAnswer) {
    setBusy(true);
    await answerPrompt(prompt.requestId, answer);
    setBusy(false);
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
      <PhrasePicker question="Which phrase does the new device show?" candidates={prompt.candidates} busy={busy} onAnswer={(answer) => void send(answer)}>
        <p className="muted">If you did not just sign in on another computer, or none of these matches, deny.</p>
      </PhrasePicker>
    </ModalDialog>
  );
}
