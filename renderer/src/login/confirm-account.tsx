import { useEffect, useRef } from 'react';
import type { SignInState } from '../../../preload/contract';
import { useAppStore } from '../state/store-context';

type Confirm = Extract<SignInState, { kind: 'confirm' }>;

/**
 * A sign-in Keyhaven did not start itself (an identity provider's dashboard, a keyhaven:// link,
 * or a page posting to the app while it is signed in or waiting): any web page can cause one, so
 * the account it carries is only used once the person says it is theirs.
 */
export function ConfirmAccount({ state }: { state: Confirm }) {
  const confirm = useAppStore((s) => s.confirmSignIn);
  const busy = useAppStore((s) => s.signInBusy);
  const cancelRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    // The safe answer has the focus: Enter alone never switches accounts.
    cancelRef.current?.focus();
  }, [state.email]);

  return (
    <main className="centered" aria-labelledby="confirm-title">
      <section className="card" role="alertdialog" aria-labelledby="confirm-title" aria-describedby="confirm-detail">
        <h1 id="confirm-title">Sign in as {state.email}?</h1>
        <p id="confirm-detail">
          {state.source === 'link'
            ? 'A sign-in link asks Keyhaven to sign in with this account.'
            : 'Your identity provider sent Keyhaven a sign-in that Keyhaven did not ask for.'}{' '}
          Continue only if this is your own account and you just signed in with it. If you did not, cancel: nothing changes.
        </p>
        <div className="row">
          <button type="button" className="primary" disabled={busy} onClick={() => void confirm(true)}>
            Confirm
          </button>
          <button type="button" className="secondary" ref={cancelRef} disabled={busy} onClick={() => void confirm(false)}>
            Cancel
          </button>
        </div>
      </section>
    </main>
  );
}
