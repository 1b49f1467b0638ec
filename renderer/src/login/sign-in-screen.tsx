import { useEffect, useId, useState, type FormEvent } from 'react';
import { ErrorBanner } from '../components/error-banner';
import { useAppStore } from '../state/store-context';
import { WaitingForBrowser } from './waiting-for-browser';

export function SignInScreen() {
  const info = useAppStore((s) => s.info);
  const signIn = useAppStore((s) => s.signIn);
  // Why the server ended the last session (deactivated, device removed), if it did.
  const session = useAppStore((s) => s.session);
  const busy = useAppStore((s) => s.signInBusy);
  const startSignIn = useAppStore((s) => s.startSignIn);
  const dismiss = useAppStore((s) => s.dismissSignInError);
  // Restoring the last session failed (the server cannot be reached and no offline copy opens).
  const restoreError = useAppStore((s) => s.restoreError);
  const loadSession = useAppStore((s) => s.loadSession);
  const [email, setEmail] = useState('');
  const emailId = useId();
  const hintId = useId();

  useEffect(() => {
    if (!email && (info?.lastEmail || info?.presetSsoDomain)) setEmail(info.lastEmail ?? info.presetSsoDomain ?? '');
    // Only when the info first arrives.
  }, [info]);

  if (signIn.kind === 'waiting') return <WaitingForBrowser state={signIn} />;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (email.trim()) void startSignIn(email.trim());
  }

  return (
    <main className="centered" aria-labelledby="sign-in-title">
      <section className="card">
        <h1 id="sign-in-title">Sign in to Keyhaven</h1>
        <p className="muted">Use your work email. You will sign in at your company’s identity provider in your browser.</p>
        {info?.managedBanner ? (
          <div role="status" className="banner banner-warning">
            {info.managedBanner}
          </div>
        ) : null}
        {signIn.kind === 'failed' ? <ErrorBanner error={signIn.error} onDismiss={dismiss} /> : null}
        {signIn.kind !== 'failed' && session?.kind === 'signed-out' && session.reason ? <ErrorBanner error={session.reason} /> : null}
        {signIn.kind !== 'failed' && restoreError ? (
          <>
            <ErrorBanner error={restoreError} />
            <button type="button" onClick={() => void loadSession()}>
              Try again
            </button>
          </>
        ) : null}
        <form onSubmit={submit} noValidate>
          <label htmlFor={emailId}>Work email or SSO domain</label>
          <input
            id={emailId}
            name="email"
            type="text"
            inputMode="email"
            autoComplete="username"
            autoFocus
            aria-describedby={hintId}
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            placeholder="alice@company.com"
          />
          <p id={hintId} className="hint">
            For example alice@acme.com, or just acme.com.
          </p>
          <button type="submit" className="primary" disabled={busy || email.trim() === ''}>
            {busy ? 'Checking…' : 'Continue'}
          </button>
        </form>
        {info?.demo ? (
          <p className="hint" aria-label="Demo accounts">
            Demo: try <code>alice@oidc.demo.keyhaven.test</code> (OpenID Connect) or <code>bob@saml.demo.keyhaven.test</code> (SAML).
          </p>
        ) : null}
      </section>
    </main>
  );
}
