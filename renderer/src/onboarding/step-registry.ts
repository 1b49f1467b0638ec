import type { ComponentType } from 'react';
import type { PlannedStep, SessionView, StepId } from '../../../preload/contract';
import { DoneStep } from './done-step';
import { ExtensionStep } from './extension-step';
import { ImportStep } from './import-step';
import { STEP_TITLES } from './step-ids';
import { TwoFactorStep } from './two-factor-step';
import { VaultStep } from './vault-step';
import { WelcomeStep } from './welcome-step';

export type SignedInSession = Extract<SessionView, { kind: 'signed-in' }>;

export interface StepProps {
  readonly step: PlannedStep;
  readonly session: SignedInSession;
  /** Answers the step once its action succeeded; false when main refused (the error is shown). */
  readonly answer: (result: 'done' | 'skipped') => Promise<boolean>;
  /**
   * held: the step keeps the screen even when the plan moves on (e.g. two-factor became done but
   * the backup codes are still to be saved), and the wizard offers no Back, Next or Skip that
   * would walk past what is on screen. Answering the step releases it.
   */
  readonly hold: (held: boolean) => void;
  /** Keeps this step on screen when the plan moves on, without hiding the wizard's buttons. */
  readonly pin: () => void;
}

export interface StepScreen {
  readonly title: string;
  readonly Screen: ComponentType<StepProps>;
}

/** One screen per step id; a StepId without a screen does not compile. */
export const STEP_REGISTRY: Readonly<Record<StepId, StepScreen>> = {
  welcome: { title: STEP_TITLES.welcome, Screen: WelcomeStep },
  vault: { title: STEP_TITLES.vault, Screen: VaultStep },
  import: { title: STEP_TITLES.import, Screen: ImportStep },
  extension: { title: STEP_TITLES.extension, Screen: ExtensionStep },
  two_factor: { title: STEP_TITLES.two_factor, Screen: TwoFactorStep },
  done: { title: STEP_TITLES.done, Screen: DoneStep },
};
