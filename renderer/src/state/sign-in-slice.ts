import type { SignInState } from '../../../preload/contract';
import type { SliceCreator } from './app-store';

export interface SignInSlice {
  readonly signIn: SignInState;
  readonly signInBusy: boolean;
  readonly startSignIn: (email: string) => Promise<void>;
  readonly cancelSignIn: () => Promise<void>;
  readonly reopenSignInPage: () => Promise<void>;
  readonly receiveSignInState: (state: SignInState) => void;
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
  async reopenSignInPage() {
    await api.reopenSignInPage({});
  },
  receiveSignInState(state) {
    set({ signIn: state });
    if (state.kind === 'signed-in') get().receiveSession(state.session);
  },
  dismissSignInError() {
    set({ signIn: { kind: 'idle' } });
  },
});
