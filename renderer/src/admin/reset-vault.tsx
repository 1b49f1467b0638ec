import { useId, useState, type FormEvent } from 'react';
import type { ContractError } from '../../../preload/contract';
import { ErrorBanner } from '../components/error-banner';
import { ModalDialog } from '../components/modal-dialog';
import { useAppStore } from '../state/store-context';

/**
 * "Reset this user's vault", for a person nobody can approve any more (no device left, no master
 * password, no recovery enrolment). Deliberate: the person's e-mail must be typed. The old
 * ciphertext is archived for 90 days by the backend, not deleted.
 */
export function ResetVault({ userId, email, onDone }: { userId: string; email: string; onDone: (text: string) => void }) {
  const adminRequest = useAppStore((s) => s.adminRequest);
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ContractError | null>(null);
  const inputId = useId();
  const matches = typed.trim().toLowerCase() === email.toLowerCase();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!matches) return;
    setBusy(true);
    setError(null);
    const result = await adminRequest('adminResetVault', { id: userId, confirmEmail: typed.trim() });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setOpen(false);
    setTyped('');
    onDone(`Vault reset: ${result.value.records} items archived until ${new Date(result.value.purgeAfter).toLocaleDateString()}. ${email} starts with a new, empty vault.`);
  }

  return (
    <>
      <button type="button" className="danger" onClick={() => setOpen(true)}>
        Reset this user’s vault
      </button>
      {open ? (
        <ModalDialog title={`Reset the vault of ${email}?`} onClose={() => setOpen(false)}>
          <form onSubmit={(e) => void submit(e)}>
            <p>
              Only when nobody can approve their new device: none of their devices can open the vault, it has no master password and it is not enrolled for
              account recovery. They start again with an empty vault. The old vault stays on the server, unreadable, for 90 days and is then deleted.
            </p>
            {error ? <ErrorBanner error={error} /> : null}
            <label htmlFor={inputId}>Type {email} to confirm</label>
            <input id={inputId} type="text" autoComplete="off" value={typed} onChange={(e) => setTyped(e.target.value)} disabled={busy} data-autofocus />
            <div className="row">
              <button type="submit" className="danger" disabled={busy || !matches}>
                Reset vault
              </button>
              <button type="button" className="secondary" onClick={() => setOpen(false)}>
                Cancel
              </button>
            </div>
          </form>
        </ModalDialog>
      ) : null}
    </>
  );
}
