import { useEffect, useState } from 'react';
import type { SignInState } from '../../../preload/contract';
import { useAppStore } from '../state/store-context';
import { SignInLink } from './sign-in-link';

type Waiting = Extract<SignInState, { kind: 'waiting' }>;

function secondsLeft(expiresAt: string): number {
  return Math.max(0, Math.round((Date.parse(expiresAt) - Date.now()) / 1000));
}

export function WaitingForBrowser({ state }: { state: Waiting }) {
  const cancel = useAppStore((s) => s.cancelSignIn);
  const reopen = useAppStore((s) => s.reopenSignInPage);
  const [left, setLeft] = useState(() => secondsLeft(state.expiresAt));

  useEffect(() => {
    const timer = setInterval(() => setLeft(secondsLeft(state.expiresAt)), 1000);
    return () => clearInterval(timer);
  }, [state.expiresAt]);

  const minutes = Math.floor(left / 60);
  const seconds = String(left % 60).padStart(2, '0');
  return (
    <main className="centered" aria-labelledby="waiting-title">
      <section className="card" aria-busy="true">
        <h1 id="waiting-title">Waiting for your browser</h1>
        <div className="spinner" aria-hidden="true" />
        {state.browser === 'opened' ? (
          <p>
            We opened your company’s sign-in page ({state.connectionType === 'saml' ? 'SAML' : 'OpenID Connect'}) for{' '}
            <strong>{state.email}</strong> in your browser. Finish signing in there, and Keyhaven continues by itself.
          </p>
        ) : (
          <SignInLink state={state} />
        )}
        <p className="hint" role="timer" aria-live="off">
          This sign-in expires in {minutes}:{seconds}.
        </p>
        <div className="row">
          <button type="button" onClick={() => void reopen()}>
            Open the page again
          </button>
          <button type="button" className="secondary" onClick={() => void cancel()}>
            Cancel
          </button>
        </div>
      </section>
    </main>
  );
}
