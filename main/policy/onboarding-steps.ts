import type { TwoFactorMethod } from './enforcement-policy';
import type { StepId, StepResult } from '../shared/onboarding-step-ids';

/**
 * The onboarding vocabulary of the planner and the backend. The step ids themselves live in
 * main/shared/onboarding-step-ids.ts, where the IPC contract and the renderer read them too.
 */
export type { StepId, StepResult };

export type StepStatus = 'pending' | StepResult;
export type MasterPasswordMode = 'required' | 'optional' | 'off';

/** What the user has answered so far, as stored per user. Facts (vault, enrolment) live elsewhere. */
export type OnboardingProgress = { readonly [step in StepId]?: StepResult };

/** What is true about the user regardless of what they clicked. */
export interface OnboardingFacts {
  readonly vaultExists: boolean;
  readonly enrolledMethods: readonly TwoFactorMethod[];
}

export interface PlannedStep {
  readonly id: StepId;
  readonly required: boolean;
  readonly status: StepStatus;
  /** two_factor only: the methods the policy allows, in the policy's order. */
  readonly methods?: readonly TwoFactorMethod[];
  /** vault only: whether the vault step asks for a master password. */
  readonly masterPassword?: MasterPasswordMode;
}

export interface OnboardingPlan {
  /** False when the role switched onboarding off; required security steps may still be listed. */
  readonly enabled: boolean;
  readonly steps: readonly PlannedStep[];
  /** The first pending step, or null when nothing is left to do. */
  readonly current: StepId | null;
}

export const STEP_LABELS: Readonly<Record<StepId, string>> = {
  welcome: 'welcome',
  vault: 'vault',
  import: 'import',
  extension: 'browser extension',
  two_factor: 'two-factor',
  done: 'finish',
};
