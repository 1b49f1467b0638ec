import { ErrorBanner } from '../components/error-banner';
import { useAppStore } from '../state/store-context';
import { SignInLink } from './sign-in-link';

/**
 * A new sign-in at the company's identity provider as the signed-in person, where the policy
 * asks for one (unlocking with `unlock: sso`, re-authenticating before an export). The new
 * session replaces this one; the device key then opens the vault.
 */
export function SignInAgain({ label }: { label: string }) {
  const email = useAppStore((s) => (s.session?.kind === 'signed-in' ? s.session.user.email : ''));
  const signIn = useAppStore((s) => s.signIn);
  const busy = useAppStore((s) => s.signInBusy);
  const startSignIn = useAppStore((s) => s.startSignIn);
  const cancelSignIn = useAppStore((s) => s.cancelSignIn);
  const dismiss = useAppStore((s) => s.dismissSignInError);

  if (signIn.kind === 'waiting') {
    return (
      <div role="group" aria-label="Signing in again">
        <SignInLink state={signIn} />
        <p role="status">Waiting for you to finish signing in at your company’s sign-in page…</p>
        <button type="button" className="secondary" onClick={() => void cancelSignIn()}>
          Cancel sign-in
        </button>
      </div>
    );
  }
  return (
    <>
      {signIn.kind === 'failed' ? <ErrorBanner error={signIn.error} onDismiss={dismiss} /> : null}
      <button type="button" className="primary" disabled={busy || email === ''} onClick={() => void startSignIn(email)}>
        {label}
      </button>
    </>
  );
}
