import { useId, useState, type FormEvent } from 'react';
import type { ContractError } from '../../../preload/contract';
import { ErrorBanner } from '../components/error-banner';
import { MasterPasswordFields, masterPasswordReady, type MasterPasswordValue } from '../onboarding/master-password-fields';
import { useAppStore } from '../state/store-context';

const EMPTY: MasterPasswordValue = { password: '', confirm: '' };

/**
 * A new master password: the vault's key is wrapped again under it on this device; no item is
 * re-encrypted. Every device then unlocks with the new one.
 */
export function ChangeMasterPassword() {
  const changeMasterPassword = useAppStore((s) => s.changeMasterPassword);
  const check = useAppStore((s) => s.passwordCheck);
  const [open, setOpen] = useState(false);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState<MasterPasswordValue>(EMPTY);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ContractError | null>(null);
  const [status, setStatus] = useState('');
  const headingId = useId();
  const currentId = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy || current === '' || !masterPasswordReady(next, check)) return;
    setBusy(true);
    setError(null);
    const failed = await changeMasterPassword(current, next.password);
    setBusy(false);
    if (failed) {
      setError(failed);
      return;
    }
    setOpen(false);
    setCurrent('');
    setNext(EMPTY);
    setStatus('Master password changed. Use the new one from now on, on every device.');
  }

  return (
    <section aria-labelledby={headingId}>
      <h4 id={headingId}>Master password</h4>
      {open ? (
        <form aria-label="Change master password" onSubmit={(e) => void submit(e)} noValidate>
          {error ? <ErrorBanner error={error} onDismiss={() => setError(null)} /> : null}
          <label htmlFor={currentId}>Current master password</label>
          <input id={currentId} type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />
          <MasterPasswordFields value={next} onChange={setNext} labels={{ password: 'New master password', confirm: 'Confirm new master password' }} />
          <div className="row">
            <button type="submit" className="primary" disabled={busy || current === '' || !masterPasswordReady(next, check)}>
              {busy ? 'Saving…' : 'Save new master password'}
            </button>
            <button type="button" className="secondary" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <button
          type="button"
          className="secondary"
          onClick={() => {
            setStatus('');
            setError(null);
            setOpen(true);
          }}
        >
          Change master password
        </button>
      )}
      <p role="status" className="hint">
        {status}
      </p>
    </section>
  );
}
