import type { OnboardingView, PlannedStep, StepId } from '../../../preload/contract';
import { STEP_TITLES } from './step-ids';

export interface StepControls {
  /** "Back": look at the previous planned step again. */
  readonly back: boolean;
  /** "Next": move on from a step already answered (the user went back to it). */
  readonly next: boolean;
  /** "Skip this step": only where the policy leaves the step optional. */
  readonly skip: boolean;
}

/**
 * Welcome and finish are not tasks the policy asks for, so they are never "skipped": their own
 * button answers them. A pending step is answered by its own action, never by "Next", so the
 * wizard cannot walk past a step the policy still asks for.
 */
const NEVER_SKIPPED: ReadonlySet<StepId> = new Set<StepId>(['welcome', 'done']);

export function stepControls(step: PlannedStep, index: number): StepControls {
  const answered = step.status !== 'pending';
  return {
    back: index > 0,
    next: answered && step.id !== 'done',
    skip: !step.required && !answered && !NEVER_SKIPPED.has(step.id),
  };
}

export function progressText(index: number, count: number): string {
  return `Step ${index + 1} of ${count}`;
}

const STATUS_TEXT: Readonly<Record<PlannedStep['status'], string>> = {
  pending: 'not done yet',
  done: 'done',
  skipped: 'skipped',
};

/**
 * What a progress item says: its title, required/optional (nothing for welcome and finish, which
 * are not tasks), and (for screen readers) its status.
 */
export function stepItemText(step: PlannedStep): { readonly title: string; readonly need: string | null; readonly status: string } {
  const need = NEVER_SKIPPED.has(step.id) ? null : step.required ? 'required' : 'optional';
  return { title: STEP_TITLES[step.id], need, status: STATUS_TEXT[step.status] };
}

/**
 * The step on screen: the one the user went back to while it is still planned and not beyond
 * the current step, otherwise the plan's current step (or the last one when all are answered).
 */
export function shownStepIndex(onboarding: OnboardingView, viewing: StepId | null): number {
  const steps = onboarding.steps;
  if (steps.length === 0) return -1;
  const currentIndex = onboarding.current === null ? steps.length - 1 : steps.findIndex((s) => s.id === onboarding.current);
  const limit = currentIndex === -1 ? steps.length - 1 : currentIndex;
  if (viewing !== null) {
    const viewIndex = steps.findIndex((s) => s.id === viewing);
    if (viewIndex !== -1 && viewIndex <= limit) return viewIndex;
  }
  return limit;
}
