import { useId, useState, type FormEvent } from 'react';
import { ModalDialog } from '../components/modal-dialog';
import { folderNameProblem } from './folder-changes';

export interface FolderNameDialogProps {
  readonly title: string;
  readonly confirmLabel: string;
  /** The name being renamed; null for a new folder. */
  readonly current: string | null;
  readonly existing: readonly string[];
  readonly onCancel: () => void;
  readonly onConfirm: (name: string) => Promise<boolean>;
}

/** Asks for a folder name (new or renamed), with the problem named next to the box. */
export function FolderNameDialog({ title, confirmLabel, current, existing, onCancel, onConfirm }: FolderNameDialogProps) {
  const [name, setName] = useState(current ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = folderNameProblem(name, existing, current);
    setProblem(found);
    if (found !== null) return;
    setBusy(true);
    const ok = await onConfirm(name.trim());
    setBusy(false);
    if (!ok) setProblem('The folder could not be changed. See the message above the list.');
  }

  return (
    <ModalDialog title={title} onClose={onCancel}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <label htmlFor={id}>Folder name</label>
        <input
          id={id}
          data-autofocus
          type="text"
          autoComplete="off"
          value={name}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-problem` : `${id}-hint`}
          onChange={(e) => setName(e.target.value)}
        />
        {problem ? (
          <p id={`${id}-problem`} className="field-error">
            {problem}
          </p>
        ) : (
          <p id={`${id}-hint`} className="hint">
            Use “/” for a folder inside another, for example “Work/Servers”.
          </p>
        )}
        <div className="row">
          <button type="submit" className="primary" disabled={busy}>
            {confirmLabel}
          </button>
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
