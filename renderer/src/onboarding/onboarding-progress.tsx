import type { PlannedStep } from '../../../preload/contract';
import { progressText, stepItemText } from './step-controls';

/** The planned steps as an ordered list; the step on screen carries aria-current="step". */
export function OnboardingProgress({ steps, shownIndex }: { steps: readonly PlannedStep[]; shownIndex: number }) {
  return (
    <nav aria-label="Onboarding progress" className="onboarding-progress">
      <p className="hint progress-text">{progressText(shownIndex, steps.length)}</p>
      <ol className="steps">
        {steps.map((step, index) => {
          const text = stepItemText(step);
          return (
            <li key={step.id} aria-current={index === shownIndex ? 'step' : undefined} data-status={step.status}>
              {text.title}
              {text.need === null ? null : <span className="step-need"> ({text.need})</span>}
              <span className="sr-only">, {text.status}</span>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
