import type { EventName, SignInState } from '../../preload/contract';
import type { SignInFlow } from './sign-in-flow';
import type { SignInTarget } from './sign-in-target';

/** What this needs of the app's event bus: to hear sign-in state changes. */
export interface SignInEvents {
  subscribe(listener: (event: EventName, payload: unknown) => void): () => void;
}

/**
 * Sign in without the window: start SSO for a known email, domain or connection and wait. With a live
 * session at the IdP the browser bounces straight back; otherwise the caller asks the person.
 * `timeoutMs` counts from the call, so the time the start itself takes (lookup, opening the
 * browser) is inside it, as it is for the caller's own deadline.
 */
export async function silentSignIn(deps: { signIn: SignInFlow; bus: SignInEvents; target: SignInTarget; timeoutMs: number }): Promise<'signed-in' | 'needs-user'> {
  let settle: (outcome: 'signed-in' | 'needs-user') => void = () => undefined;
  const outcome = new Promise<'signed-in' | 'needs-user'>((resolve) => {
    settle = resolve;
  });
  const timer = setTimeout(() => settle('needs-user'), deps.timeoutMs);
  const unsubscribe = deps.bus.subscribe((event, payload) => {
    if (event !== 'signInState') return;
    const state = payload as SignInState;
    if (state.kind === 'signed-in') settle('signed-in');
    else if (state.kind === 'failed') settle('needs-user');
  });
  try {
    const started = await deps.signIn.start(deps.target);
    if (started.kind === 'signed-in') settle('signed-in');
    else if (started.kind !== 'waiting') settle('needs-user');
    return await outcome;
  } finally {
    clearTimeout(timer);
    unsubscribe();
  }
}
