import { useState } from 'react';
import type { StepId } from '../../../preload/contract';
import { ErrorBanner } from '../components/error-banner';
import { useAppStore } from '../state/store-context';
import { busyText } from './busy-text';
import { OnboardingProgress } from './onboarding-progress';
import { shownStepIndex, stepControls } from './step-controls';
import { StepHeading } from './step-heading';
import { STEP_REGISTRY } from './step-registry';

/**
 * Walks the plan main computed from the role's policy. The wizard decides nothing about which
 * steps exist or may be skipped: it shows `onboarding.current` (or a step the user went back
 * to) and offers "Skip this step" only where the plan marks the step optional.
 */
export function OnboardingWizard() {
  const session = useAppStore((s) => s.session);
  const sessionError = useAppStore((s) => s.sessionError);
  const clearSessionError = useAppStore((s) => s.clearSessionError);
  const busy = useAppStore((s) => s.onboardingBusy);
  const answerStep = useAppStore((s) => s.answerStep);
  const createVault = useAppStore((s) => s.createVault);
  const signOut = useAppStore((s) => s.signOut);
  const importPhase = useAppStore((s) => s.importPhase);
  const pinned = useAppStore((s) => s.onboardingPin);
  const pinStep = useAppStore((s) => s.pinStep);
  const releaseStep = useAppStore((s) => s.releaseStep);
  const [looking, setViewing] = useState<StepId | null>(null);
  const viewing = pinned?.step ?? looking;
  const held = pinned?.locked ?? false;

  if (session?.kind !== 'signed-in') return null;
  const steps = session.onboarding.steps;
  const index = shownStepIndex(session.onboarding, viewing);
  const step = steps[index];
  const status = (
    <p role="status" className="hint status-line">
      {busyText(busy)}
    </p>
  );
  const banner = sessionError ? <ErrorBanner error={sessionError} onDismiss={clearSessionError} /> : null;

  if (step === undefined) {
    // Nothing planned but no vault yet (onboarding off, no master password asked): the vault
    // needs no input from the user, so one button creates it.
    return (
      <main className="centered">
        <section className="card">
          <StepHeading>Set up your vault</StepHeading>
          {banner}
          <p>Keyhaven will create your encrypted vault on this device.</p>
          <div className="row">
            <button type="button" className="primary" disabled={busy !== null} onClick={() => void createVault(null)}>
              Create my vault
            </button>
          </div>
          {status}
        </section>
      </main>
    );
  }

  const { Screen } = STEP_REGISTRY[step.id];
  const stepId = step.id;
  // An import under way or finished is answered by its own Done, not skipped.
  const importStarted = stepId === 'import' && (importPhase.kind === 'running' || importPhase.kind === 'finished');
  const planned = stepControls(step, index);
  const controls = held ? { back: false, next: false, skip: false } : { ...planned, skip: planned.skip && !importStarted };
  async function answer(result: 'done' | 'skipped'): Promise<boolean> {
    const ok = await answerStep(stepId, result);
    if (ok) setViewing(null);
    return ok;
  }
  function hold(next: boolean) {
    pinStep(stepId, next);
  }
  function pin() {
    if (pinned?.step !== stepId) pinStep(stepId, false);
  }
  function goTo(target: number) {
    const id = steps[target]?.id;
    if (id === undefined) return;
    clearSessionError();
    releaseStep();
    setViewing(id);
  }

  return (
    <main className="centered">
      <section className="card wizard">
        <OnboardingProgress steps={steps} shownIndex={index} />
        {banner}
        <Screen key={step.id} step={step} session={session} answer={answer} hold={hold} pin={pin} />
        {status}
        <div className="row wizard-controls">
          {controls.back ? (
            <button type="button" onClick={() => goTo(index - 1)}>
              Back
            </button>
          ) : null}
          {controls.skip ? (
            <button type="button" className="secondary" disabled={busy !== null} onClick={() => void answer('skipped')}>
              Skip this step
            </button>
          ) : null}
          {controls.next ? (
            <button type="button" className="primary" onClick={() => goTo(index + 1)}>
              Next
            </button>
          ) : null}
          <button type="button" className="link sign-out" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </section>
    </main>
  );
}
