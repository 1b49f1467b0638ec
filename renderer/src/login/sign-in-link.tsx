import { useId, useState } from 'react';
import type { SignInState } from '../../../preload/contract';

type Waiting = Extract<SignInState, { kind: 'waiting' }>;

/**
 * The sign-in page's address, for when Keyhaven could not open the browser or cannot tell
 * whether it did: a link to click and a box to copy from, so nobody is left waiting for a page
 * that never appeared.
 */
export function SignInLink({ state }: { state: Waiting }) {
  const [status, setStatus] = useState('');
  const boxId = useId();
  const kind = state.connectionType === 'saml' ? 'SAML' : 'OpenID Connect';

  async function copy() {
    try {
      await navigator.clipboard.writeText(state.authorizationUrl);
      setStatus('Sign-in link copied. Paste it into your browser.');
    } catch {
      setStatus('Could not copy the link: select it in the box and copy it yourself.');
    }
  }

  return (
    <>
      <p>
        {state.browser === 'failed' ? 'Keyhaven could not open your browser. ' : 'If your browser did not open, '}
        open your company’s sign-in page ({kind}) for <strong>{state.email}</strong> with this link. Finish signing in there, and
        Keyhaven continues by itself.
      </p>
      <p>
        <a href={state.authorizationUrl} target="_blank" rel="noreferrer noopener">
          Open the sign-in page
        </a>
      </p>
      <label htmlFor={boxId}>Sign-in link</label>
      <div className="input-with-actions">
        <input id={boxId} type="text" readOnly value={state.authorizationUrl} onFocus={(e) => e.target.select()} spellCheck={false} />
        <button type="button" className="secondary" onClick={() => void copy()}>
          Copy link
        </button>
      </div>
      <p role="status" className="hint">
        {status}
      </p>
    </>
  );
}
