import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ErrorBanner } from '../components/error-banner';
import { DeviceApprovalPanel } from '../devices/device-approval-panel';
import { SignInAgain } from '../login/sign-in-again';
import { useAppStore } from '../state/store-context';
import { OfflineStatus } from './offline-status';

/** Errors after which the master password is the way in (device key missing or refused). */
const ASK_PASSWORD_AFTER = new Set(['keychain_unavailable', 'wrong_master_password', 'vault_locked', 'device_not_enrolled']);

export function UnlockScreen() {
  const session = useAppStore((s) => s.session);
  const error = useAppStore((s) => s.sessionError);
  const unlockVault = useAppStore((s) => s.unlockVault);
  const signOut = useAppStore((s) => s.signOut);
  const clearSessionError = useAppStore((s) => s.clearSessionError);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [askPassword, setAskPassword] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);
  const passwordId = useId();

  const unlockBy = session?.kind === 'signed-in' ? session.policy.unlock : 'device';
  const policyRequires = unlockBy === 'masterPassword' || (session?.kind === 'signed-in' && session.policy.requireMasterPassword);
  const showPassword = policyRequires || askPassword;
  const email = session?.kind === 'signed-in' ? session.user.email : '';

  useEffect(() => {
    if (error && ASK_PASSWORD_AFTER.has(error.code)) setAskPassword(true);
  }, [error]);

  useEffect(() => {
    if (showPassword) passwordRef.current?.focus();
  }, [showPassword, error]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (showPassword && password === '') {
      passwordRef.current?.focus();
      return;
    }
    setBusy(true);
    const ok = await unlockVault(showPassword ? password : null);
    setBusy(false);
    if (!ok) setPassword('');
  }

  return (
    <main className="centered" aria-labelledby="unlock-title">
      <section className="card">
        <h1 id="unlock-title">Unlock your vault</h1>
        <p className="muted">
          {email ? <>Signed in as {email}. </> : null}
          {unlockBy === 'sso'
            ? 'Your organisation asks you to sign in again at its sign-in page to unlock.'
            : showPassword
              ? 'Enter your master password to unlock.'
              : 'Your vault is locked. It unlocks with the key kept in this computer’s keychain.'}
        </p>
        <OfflineStatus />
        {error ? <ErrorBanner error={error} onDismiss={clearSessionError} /> : null}
        {unlockBy === 'sso' ? (
          <div className="row">
            <SignInAgain label="Sign in again to unlock" />
            <button type="button" className="secondary" onClick={() => void signOut()}>
              Sign out
            </button>
          </div>
        ) : (
        <form onSubmit={(e) => void submit(e)} noValidate>
          {showPassword ? (
            <>
              <label htmlFor={passwordId}>Master password</label>
              <input
                ref={passwordRef}
                id={passwordId}
                type="password"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            </>
          ) : null}
          <div className="row">
            <button type="submit" className="primary" disabled={busy || (showPassword && password === '')}>
              {busy ? 'Unlocking…' : 'Unlock'}
            </button>
            <button type="button" className="secondary" onClick={() => void signOut()}>
              Sign out
            </button>
          </div>
          <p role="status" className="sr-only">
            {busy ? 'Unlocking…' : ''}
          </p>
        </form>
        )}
        {session?.kind === 'signed-in' && session.vaultExists ? <DeviceApprovalPanel /> : null}
      </section>
    </main>
  );
}
