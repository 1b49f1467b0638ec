import type { SignInState } from '../../preload/contract';
import type { EventBus } from '../ipc/event-bus';
import type { SignInFlow, SignInTarget } from './sign-in-flow';

/**
 * Sign in without the window: start SSO for a known email, domain or connection and wait. With a live
 * session at the IdP the browser bounces straight back; otherwise the caller asks the person.
 */
export async function silentSignIn(deps: { signIn: SignInFlow; bus: EventBus; target: SignInTarget; timeoutMs: number }): Promise<'signed-in' | 'needs-user'> {
  const started = await deps.signIn.start(deps.target);
  if (started.kind === 'signed-in') return 'signed-in';
  if (started.kind !== 'waiting') return 'needs-user';
  return new Promise((resolve) => {
    const timer = setTimeout(() => finish('needs-user'), deps.timeoutMs);
    const unsubscribe = deps.bus.subscribe((event, payload) => {
      if (event !== 'signInState') return;
      const state = payload as SignInState;
      if (state.kind === 'signed-in') finish('signed-in');
      else if (state.kind === 'failed') finish('needs-user');
    });
    function finish(outcome: 'signed-in' | 'needs-user'): void {
      clearTimeout(timer);
      unsubscribe();
      resolve(outcome);
    }
  });
}
