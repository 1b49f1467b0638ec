import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ErrorBanner } from '../components/error-banner';
import { useAppStore } from '../state/store-context';
import { busyText } from './busy-text';
import { authenticateSecurityKeyCeremony, browserSupportsWebAuthn } from './security-key-ceremony';
import { StepHeading } from './step-heading';

type CodeMethod = 'totp' | 'backup_code';

export function rememberDeviceText(days: number): string {
  return `Remember this device for ${days} ${days === 1 ? 'day' : 'days'}`;
}

/** A later sign-in where the role's policy asks for the second factor enrolled at onboarding. */
export function SecondFactorChallenge() {
  const session = useAppStore((s) => s.session);
  const sessionError = useAppStore((s) => s.sessionError);
  const clearSessionError = useAppStore((s) => s.clearSessionError);
  const twoFactor = useAppStore((s) => s.twoFactor);
  const busy = useAppStore((s) => s.onboardingBusy);
  const loadTwoFactor = useAppStore((s) => s.loadTwoFactor);
  const verifySecondFactor = useAppStore((s) => s.verifySecondFactor);
  const authenticateWithSecurityKey = useAppStore((s) => s.authenticateWithSecurityKey);
  const signOut = useAppStore((s) => s.signOut);
  const [chosen, setChosen] = useState<CodeMethod | null>(null);
  const [code, setCode] = useState('');
  const [remember, setRemember] = useState(false);
  const codeInput = useRef<HTMLInputElement>(null);
  const codeId = useId();
  const rememberId = useId();

  useEffect(() => {
    void loadTwoFactor();
  }, [loadTwoFactor]);

  if (session?.kind !== 'signed-in') return null;
  const enrolled = twoFactor?.enrolled ?? [];
  const hasTotp = enrolled.includes('totp');
  const hasKey = enrolled.includes('webauthn');
  const hasBackup = enrolled.includes('backup_codes');
  const method: CodeMethod | null = chosen ?? (hasTotp ? 'totp' : hasBackup && !hasKey ? 'backup_code' : null);
  const days = session.policy.rememberDeviceDays;

  function choose(next: CodeMethod) {
    setChosen(next);
    setCode('');
    clearSessionError();
    // The input is re-labelled, not replaced: keep the user where they type.
    requestAnimationFrame(() => codeInput.current?.focus());
  }

  async function verify(event: FormEvent) {
    event.preventDefault();
    if (method === null || busy !== null || code.trim() === '') return;
    if (await verifySecondFactor(method, code.trim(), remember)) return;
    setCode('');
    codeInput.current?.focus();
  }

  return (
    <main className="centered">
      <section className="card">
        <StepHeading>Verify it’s you</StepHeading>
        <p className="muted">Your organisation asks for a second step when {session.user.email} signs in to Keyhaven.</p>
        {sessionError ? <ErrorBanner error={sessionError} onDismiss={clearSessionError} /> : null}
        {twoFactor !== null && enrolled.length === 0 ? (
          <p>No two-factor method is set up for your account. Ask your administrator to reset your two-factor authentication.</p>
        ) : null}
        {method !== null ? (
          <form onSubmit={(e) => void verify(e)} noValidate>
            <label htmlFor={codeId}>{method === 'totp' ? 'Authentication code' : 'Backup code'}</label>
            <input
              id={codeId}
              ref={codeInput}
              type="text"
              inputMode={method === 'totp' ? 'numeric' : 'text'}
              autoComplete="one-time-code"
              autoFocus
              spellCheck={false}
              value={code}
              onChange={(e) => setCode(e.target.value)}
            />
            <p className="hint">
              {method === 'totp' ? 'The 6-digit code from your authenticator app.' : 'One of the backup codes you saved. Each works once.'}
            </p>
            <button type="submit" className="primary" disabled={busy !== null || code.trim() === ''}>
              Verify
            </button>
          </form>
        ) : null}
        {days > 0 && enrolled.length > 0 ? (
          <div className="check">
            <input id={rememberId} type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} />
            <label htmlFor={rememberId}>{rememberDeviceText(days)}</label>
          </div>
        ) : null}
        <div className="row">
          {hasKey ? (
            <button
              type="button"
              className={method === null ? 'primary' : undefined}
              disabled={busy !== null || !browserSupportsWebAuthn()}
              onClick={() => void authenticateWithSecurityKey(authenticateSecurityKeyCeremony, remember)}
            >
              Use a security key
            </button>
          ) : null}
          {hasBackup && method !== 'backup_code' ? (
            <button type="button" className="link" onClick={() => choose('backup_code')}>
              Use a backup code
            </button>
          ) : null}
          {hasTotp && method !== 'totp' ? (
            <button type="button" className="link" onClick={() => choose('totp')}>
              Use an authentication code
            </button>
          ) : null}
        </div>
        <p role="status" className="hint status-line">
          {twoFactor === null && busy === null ? '' : busyText(busy)}
        </p>
        <div className="row">
          <button type="button" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </section>
    </main>
  );
}
