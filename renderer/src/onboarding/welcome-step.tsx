import { STEP_TITLES } from './step-ids';
import { StepHeading } from './step-heading';
import type { StepProps } from './step-registry';

export function WelcomeStep({ step, session, answer }: StepProps) {
  const { user } = session;
  const tasks = session.onboarding.steps.filter((s) => s.id !== 'welcome' && s.id !== 'done');
  return (
    <>
      <StepHeading>Welcome to Keyhaven, {user.email}</StepHeading>
      <p>
        You are signed in through your company as a member of <strong>{user.node}</strong>, with the role <strong>{user.role}</strong>.
        Your organisation’s policy for this role sets up your account as follows:
      </p>
      <ol aria-label="What happens next">
        {tasks.map((s) => (
          <li key={s.id}>
            {STEP_TITLES[s.id]} ({s.required ? 'required' : 'optional'})
          </li>
        ))}
      </ol>
      <p className="hint">Your passwords are encrypted on this device. Keyhaven’s server never sees them.</p>
      {step.status === 'pending' ? (
        <div className="row">
          <button type="button" className="primary" onClick={() => void answer('done')}>
            Get started
          </button>
        </div>
      ) : null}
    </>
  );
}
