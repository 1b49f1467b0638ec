import type { Result, SignInState } from '../../../preload/contract';
import type { SliceCreator } from './app-store';

export interface SignInSlice {
  readonly signIn: SignInState;
  readonly signInBusy: boolean;
  readonly startSignIn: (email: string) => Promise<void>;
  readonly cancelSignIn: () => Promise<void>;
  /** The answer to "Sign in as …?" for a sign-in Keyhaven did not start. */
  readonly confirmSignIn: (accept: boolean) => Promise<void>;
  readonly reopenSignInPage: () => Promise<void>;
  readonly receiveSignInState: (state: SignInState) => void;
  /** A window opened late still sees an open "Sign in as …?" question. */
  readonly loadSignInState: () => Promise<void>;
  readonly dismissSignInError: () => void;
}

/**
 * Main announces every sign-in state as an event, in order. An action's own answer travels apart
 * from them and can land after a later state: a Cancel pressed while the start is still answering
 * (it saves the email after the sign-in began) gets its state first, and the start's answer,
 * "waiting", would then bring back a sign-in main has ended. So an answer is taken only when no
 * other state reached the window since the call went out; anything main announced in between is
 * already here or on its way. Answers main does not announce (a refusal before the sign-in began)
 * come with no state in between, so they are still shown.
 */
export const createSignInSlice: SliceCreator<SignInSlice> = (set, get, api) => {
  let received = 0;

  async function answered(call: () => Promise<Result<SignInState>>, onFailure: 'show' | 'ignore'): Promise<void> {
    const sent = ++received;
    const result = await call();
    if (received !== sent) return;
    if (result.ok) get().receiveSignInState(result.value);
    else if (onFailure === 'show') get().receiveSignInState({ kind: 'failed', error: result.error });
  }

  async function answeredWhileBusy(call: () => Promise<Result<SignInState>>): Promise<void> {
    set({ signInBusy: true });
    try {
      await answered(call, 'show');
    } finally {
      set({ signInBusy: false });
    }
  }

  return {
    signIn: { kind: 'idle' },
    signInBusy: false,
    startSignIn: (email) => answeredWhileBusy(() => api.startSignIn({ email })),
    async cancelSignIn() {
      await answered(() => api.cancelSignIn({}), 'ignore');
    },
    confirmSignIn: (accept) => answeredWhileBusy(() => api.confirmSignIn({ accept })),
    async reopenSignInPage() {
      await api.reopenSignInPage({});
    },
    receiveSignInState(state) {
      received += 1;
      set({ signIn: state });
      if (state.kind === 'signed-in') get().receiveSession(state.session);
    },
    async loadSignInState() {
      const result = await api.getSignInState({});
      if (result.ok && result.value.kind === 'confirm') get().receiveSignInState(result.value);
    },
    dismissSignInError() {
      received += 1;
      set({ signIn: { kind: 'idle' } });
    },
  };
};
