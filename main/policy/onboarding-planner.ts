import { AppError } from '../errors/app-error';
import type { EnforcementPolicy, TwoFactorMethod } from './enforcement-policy';
import { STEP_IDS } from '../shared/onboarding-step-ids';
import {
  STEP_LABELS,
  type MasterPasswordMode,
  type OnboardingFacts,
  type OnboardingPlan,
  type OnboardingProgress,
  type PlannedStep,
  type StepId,
  type StepResult,
  type StepStatus,
} from './onboarding-steps';

/**
 * The onboarding planner: a pure function of (policy, what the user answered, what is true).
 * Like oidc-provider's interaction policy it is an ordered list of prompts, each with its own
 * check, re-evaluated on every call — nothing about the plan is stored, only the answers, so a
 * policy change takes effect at the next sign-in without migrating anyone's progress.
 *
 * Two kinds of step:
 * - answer steps (welcome, import, extension, done): their status is what the user answered.
 *   An answer given under an older policy stays valid ("done stays done").
 * - fact steps (vault, two_factor): their status is derived from facts, never from a click,
 *   so a stale or forged "done" cannot satisfy a security requirement. A "skipped" answer
 *   only counts while the step is optional; when a role tightens (requireTwoFactor turned on)
 *   the step reappears as pending and required.
 *
 * With `onboarding: false` the wizard is off, but the role's security requirements are not:
 * the steps that a requirement still demands of the user stay in the plan (two-factor when it
 * is required and no allowed method is enrolled; the vault when it needs a master password
 * that only the user can choose). Otherwise switching onboarding off would be a way to dodge
 * the two-factor policy. A vault that needs no master password is created by the app silently.
 */
export function planOnboarding(
  policy: EnforcementPolicy,
  progress: OnboardingProgress,
  facts: OnboardingFacts,
): OnboardingPlan {
  const candidates = STEP_IDS.flatMap((id) => {
    const step = planStep(id, policy, progress, facts);
    return step === null ? [] : [step];
  });
  const steps = policy.onboarding ? candidates : candidates.filter(demandedWithoutWizard);
  return { enabled: policy.onboarding, steps, current: steps.find((s) => s.status === 'pending')?.id ?? null };
}

/** True when every required step is done; optional steps never block the vault. */
export function requiredStepsComplete(plan: OnboardingPlan): boolean {
  return plan.steps.every((s) => !s.required || s.status === 'done');
}

export interface StepOutcome {
  readonly progress: OnboardingProgress;
  readonly plan: OnboardingPlan;
}

/**
 * Records the user's answer to one step and returns the new progress and plan. Refuses what
 * would let a user walk around the policy: skipping a required step, answering a step that is
 * not in their plan, or claiming a fact step done before the fact is true.
 */
export function applyStepResult(
  policy: EnforcementPolicy,
  progress: OnboardingProgress,
  facts: OnboardingFacts,
  step: StepId,
  result: StepResult,
): StepOutcome {
  const before = planOnboarding(policy, progress, facts);
  const planned = before.steps.find((s) => s.id === step);
  if (planned === undefined) {
    throw new AppError('forbidden', `The ${STEP_LABELS[step]} step is not part of your onboarding.`);
  }
  if (result === 'skipped' && planned.required) {
    const why = step === 'vault' ? 'is required' : 'is required by your role';
    throw new AppError('onboarding_incomplete', `The ${STEP_LABELS[step]} step ${why} and cannot be skipped`);
  }
  if (result === 'done' && step === 'vault' && !facts.vaultExists) {
    throw new AppError('onboarding_incomplete', 'Create your vault before finishing this step.');
  }
  if (result === 'done' && step === 'two_factor' && allowedEnrolled(policy, facts).length === 0) {
    throw new AppError('onboarding_incomplete', 'Set up one of the two-factor methods your role allows before finishing this step.');
  }
  const next: OnboardingProgress = { ...progress, [step]: result };
  return { progress: next, plan: planOnboarding(policy, next, facts) };
}

/** With onboarding off: only what a security requirement still demands of the user. */
function demandedWithoutWizard(step: PlannedStep): boolean {
  if (!step.required || step.status !== 'pending') return false;
  return step.id === 'two_factor' || (step.id === 'vault' && step.masterPassword === 'required');
}

function planStep(
  id: StepId,
  policy: EnforcementPolicy,
  progress: OnboardingProgress,
  facts: OnboardingFacts,
): PlannedStep | null {
  switch (id) {
    case 'welcome':
    case 'done':
      return { id, required: false, status: progress[id] ?? 'pending' };
    case 'import':
      return policy.allowImport ? { id, required: false, status: progress[id] ?? 'pending' } : null;
    case 'extension':
      return policy.promptBrowserExtension ? { id, required: false, status: progress[id] ?? 'pending' } : null;
    case 'vault':
      return {
        id,
        // The vault is the product: there is nothing to sign in to without one.
        required: true,
        status: facts.vaultExists ? 'done' : 'pending',
        masterPassword: masterPasswordMode(policy),
      };
    case 'two_factor': {
      const methods = [...policy.twoFactorMethods];
      if (methods.length === 0) return null;
      const required = policy.requireTwoFactor;
      return { id, required, status: factStatus(allowedEnrolled(policy, facts).length > 0, required, progress[id]), methods };
    }
  }
}

/**
 * Fact steps are done only when the fact holds. While optional, the user may have skipped
 * them; a skip (or a recorded "done" whose fact no longer holds, e.g. the enrolled method was
 * removed from the allowed list) is pending again as soon as the step is required.
 */
function factStatus(fact: boolean, required: boolean, answer: StepResult | undefined): StepStatus {
  if (fact) return 'done';
  if (!required && answer === 'skipped') return 'skipped';
  return 'pending';
}

/**
 * 'required' when the role demands a master password; 'optional' where the role grants
 * offline access — the offline copy then opens with the keychain's device key or, where the
 * keychain cannot, with the password; 'off' otherwise — SSO users unlock with the device key
 * kept in the OS keychain.
 */
function masterPasswordMode(policy: EnforcementPolicy): MasterPasswordMode {
  if (policy.requireMasterPassword) return 'required';
  if (policy.offlineAccess) return 'optional';
  return 'off';
}

function allowedEnrolled(policy: EnforcementPolicy, facts: OnboardingFacts): TwoFactorMethod[] {
  return facts.enrolledMethods.filter((m) => policy.twoFactorMethods.includes(m));
}
