import type { SignInState } from '../../../preload/contract';
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

export const createSignInSlice: SliceCreator<SignInSlice> = (set, get, api) => ({
  signIn: { kind: 'idle' },
  signInBusy: false,
  async startSignIn(email) {
    set({ signInBusy: true });
    const result = await api.startSignIn({ email });
    set({ signInBusy: false });
    get().receiveSignInState(result.ok ? result.value : { kind: 'failed', error: result.error });
  },
  async cancelSignIn() {
    const result = await api.cancelSignIn({});
    if (result.ok) get().receiveSignInState(result.value);
  },
  async confirmSignIn(accept) {
    set({ signInBusy: true });
    const result = await api.confirmSignIn({ accept });
    set({ signInBusy: false });
    get().receiveSignInState(result.ok ? result.value : { kind: 'failed', error: result.error });
  },
  async reopenSignInPage() {
    await api.reopenSignInPage({});
  },
  receiveSignInState(state) {
    set({ signIn: state });
    if (state.kind === 'signed-in') get().receiveSession(state.session);
  },
  async loadSignInState() {
    const result = await api.getSignInState({});
    if (result.ok && result.value.kind === 'confirm') get().receiveSignInState(result.value);
  },
  dismissSignInError() {
    set({ signIn: { kind: 'idle' } });
  },
});
