import type { ContractError, SessionView, StepId } from '../../../preload/contract';
import type { SliceCreator } from './app-store';

export interface SessionSlice {
  readonly session: SessionView | null;
  readonly sessionError: ContractError | null;
  /** Why the last session could not be restored at start (e.g. the server cannot be reached). */
  readonly restoreError: ContractError | null;
  readonly loadSession: () => Promise<void>;
  readonly receiveSession: (session: SessionView) => void;
  readonly signOut: () => Promise<void>;
  readonly completeStep: (step: StepId, result: 'done' | 'skipped') => Promise<boolean>;
  /** Runs a call that answers a fresh SessionView, keeping its error for the screen. */
  readonly applySessionResult: (result: { ok: true; value: SessionView } | { ok: false; error: ContractError }) => boolean;
  readonly clearSessionError: () => void;
}

export const createSessionSlice: SliceCreator<SessionSlice> = (set, get, api) => ({
  session: null,
  sessionError: null,
  restoreError: null,
  async loadSession() {
    const result = await api.getSession({});
    if (result.ok) set({ session: result.value, sessionError: null, restoreError: null });
    else set({ session: { kind: 'signed-out' }, sessionError: result.error, restoreError: result.error });
  },
  receiveSession(session) {
    set({ session, ...(session.kind === 'signed-in' ? { restoreError: null } : {}) });
    if (session.kind === 'signed-out') {
      get().resetVault();
      set({ onboardingPin: null, backupCodesDue: false });
    }
  },
  async signOut() {
    const result = await api.signOut({});
    if (result.ok) {
      get().receiveSession(result.value);
      set({ signIn: { kind: 'idle' } });
    }
  },
  async completeStep(step, outcome) {
    return get().applySessionResult(await api.completeOnboardingStep({ step, result: outcome }));
  },
  applySessionResult(result) {
    if (result.ok) {
      get().receiveSession(result.value);
      set({ sessionError: null });
      return true;
    }
    set({ sessionError: result.error });
    return false;
  },
  clearSessionError() {
    set({ sessionError: null });
  },
});
