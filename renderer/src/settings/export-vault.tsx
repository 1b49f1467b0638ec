import { useId, useState, type FormEvent } from 'react';
import type { ContractError } from '../../../preload/contract';
import type { ExportFormat } from '../../../preload/contract';
import { downloadText } from '../components/download-text';
import { ErrorBanner } from '../components/error-banner';
import { SignInAgain } from '../login/sign-in-again';
import { useAppStore } from '../state/store-context';

const MIN_FILE_PASSWORD = 12;

/**
 * Export, where the role allows it: an encrypted file with a password of its own (Keyhaven reads
 * it back through Import), or a plain CSV after a clear warning. First the person proves it is
 * them: their master password, or (without one) a new sign-in at the company's sign-in page.
 */
export function ExportVault() {
  const exportVault = useAppStore((s) => s.exportVault);
  const hasMasterPassword = useAppStore((s) => s.session?.kind === 'signed-in' && s.session.policy.requireMasterPassword);
  const [format, setFormat] = useState<ExportFormat>('encrypted-json');
  const [filePassword, setFilePassword] = useState('');
  const [confirmFile, setConfirmFile] = useState('');
  const [masterPassword, setMasterPassword] = useState('');
  const [understood, setUnderstood] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ContractError | null>(null);
  const [status, setStatus] = useState('');
  const ids = { heading: useId(), format: useId(), file: useId(), confirm: useId(), hint: useId(), master: useId(), warning: useId(), understood: useId() };

  const fileReady = format === 'csv' ? understood : filePassword.length >= MIN_FILE_PASSWORD && filePassword === confirmFile;
  const ready = fileReady && (!hasMasterPassword || masterPassword !== '');
  const mismatch = confirmFile !== '' && confirmFile !== filePassword;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy || !ready) return;
    setBusy(true);
    setError(null);
    setStatus('');
    const result = await exportVault({ format, masterPassword: hasMasterPassword ? masterPassword : null, filePassword: format === 'csv' ? null : filePassword });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    const done = result.value;
    setMasterPassword('');
    if (done.kind === 'cancelled') return;
    if (done.kind === 'download') downloadText(done.fileName, done.text, format === 'csv' ? 'text/csv;charset=utf-8' : 'application/json');
    const where = done.kind === 'download' ? `downloaded as ${done.fileName}` : `saved to ${done.path}`;
    setStatus(`Exported ${done.items} item${done.items === 1 ? '' : 's'}: ${where}.`);
  }

  return (
    <section aria-labelledby={ids.heading}>
      <h4 id={ids.heading}>Export</h4>
      <form aria-label="Export your vault" onSubmit={(e) => void submit(e)} noValidate>
        <fieldset>
          <legend>Format</legend>
          <div className="checkbox-row">
            <input id={`${ids.format}-json`} type="radio" name={ids.format} checked={format === 'encrypted-json'} onChange={() => setFormat('encrypted-json')} />
            <label htmlFor={`${ids.format}-json`}>Encrypted file (JSON, with a password of its own)</label>
          </div>
          <div className="checkbox-row">
            <input id={`${ids.format}-csv`} type="radio" name={ids.format} checked={format === 'csv'} onChange={() => setFormat('csv')} />
            <label htmlFor={`${ids.format}-csv`}>Plain CSV (not encrypted)</label>
          </div>
        </fieldset>
        {format === 'encrypted-json' ? (
          <>
            <label htmlFor={ids.file}>File password</label>
            <input id={ids.file} type="password" autoComplete="new-password" aria-describedby={ids.hint} value={filePassword} onChange={(e) => setFilePassword(e.target.value)} />
            <p id={ids.hint} className="hint">
              At least {MIN_FILE_PASSWORD} characters. Keyhaven’s Import asks for it to read the file back; without it the file opens nothing.
            </p>
            <label htmlFor={ids.confirm}>Confirm file password</label>
            <input
              id={ids.confirm}
              type="password"
              autoComplete="new-password"
              aria-invalid={mismatch}
              value={confirmFile}
              onChange={(e) => setConfirmFile(e.target.value)}
            />
            {mismatch ? <p className="hint">The two passwords are not the same.</p> : null}
          </>
        ) : (
          <>
            <div id={ids.warning} className="banner banner-warning" role="note">
              <strong>A CSV file is not encrypted.</strong>
              <p>Every password, note and one-time code in it can be read by anyone or any program that can open the file. Move it where you need it and delete it at once.</p>
            </div>
            <div className="checkbox-row">
              <input id={ids.understood} type="checkbox" aria-describedby={ids.warning} checked={understood} onChange={(e) => setUnderstood(e.target.checked)} />
              <label htmlFor={ids.understood}>I understand the CSV file is not encrypted</label>
            </div>
          </>
        )}
        {hasMasterPassword ? (
          <>
            <label htmlFor={ids.master}>Your master password</label>
            <input id={ids.master} type="password" autoComplete="current-password" value={masterPassword} onChange={(e) => setMasterPassword(e.target.value)} />
          </>
        ) : (
          <p className="hint">To export, you sign in again at your company’s sign-in page (an export within five minutes of signing in needs nothing more).</p>
        )}
        {error ? <ErrorBanner error={error} onDismiss={() => setError(null)} /> : null}
        <div className="row">
          <button type="submit" className="primary" disabled={busy || !ready}>
            {busy ? 'Exporting…' : 'Export'}
          </button>
        </div>
      </form>
      {error?.code === 'reauthentication_required' && !hasMasterPassword ? <SignInAgain label="Sign in again to export" /> : null}
      <p role="status" className="hint">
        {status}
      </p>
    </section>
  );
}
