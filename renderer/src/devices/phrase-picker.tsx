import { useId, useState, type FormEvent, type ReactNode } from 'react';

export type PhraseAnswer = { readonly kind: 'pick'; readonly phrase: string } | { readonly kind: 'deny' };

/**
 * The answer to a device approval request: which of the candidate phrases the new device shows,
 * or a denial. Approve stays disabled until a phrase is picked; `children` is shown between the
 * phrases and the buttons.
 */
export function PhrasePicker({
  question,
  candidates,
  busy,
  onAnswer,
  children,
}: {
  readonly question: ReactNode;
  readonly candidates: readonly string[];
  readonly busy: boolean;
  readonly onAnswer: (answer: PhraseAnswer) => void;
  readonly children?: ReactNode;
}) {
  const [picked, setPicked] = useState<string | null>(null);
  // One radio group per picker: an administrator may have several requests on one page.
  const groupName = useId();
  const legendId = useId();

  function submit(event: FormEvent) {
    event.preventDefault();
    if (picked !== null) onAnswer({ kind: 'pick', phrase: picked });
  }

  return (
    <form onSubmit={submit}>
      <fieldset aria-labelledby={legendId}>
        <legend id={legendId}>{question}</legend>
        {candidates.map((phrase) => (
          <label key={phrase} className="checkbox-row">
            <input type="radio" name={groupName} value={phrase} checked={picked === phrase} onChange={() => setPicked(phrase)} disabled={busy} />
            {phrase}
          </label>
        ))}
      </fieldset>
      {children}
      <div className="row">
        <button type="submit" className="primary" disabled={busy || picked === null}>
          Approve
        </button>
        <button type="button" className="secondary" disabled={busy} onClick={() => onAnswer({ kind: 'deny' })}>
          Deny
        </button>
      </div>
    </form>
  );
}
