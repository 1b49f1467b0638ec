import { StepHeading } from './step-heading';
import type { StepProps } from './step-registry';

export function DoneStep({ answer }: StepProps) {
  return (
    <>
      <StepHeading>Your vault is ready</StepHeading>
      <p>Everything your organisation asked for is set up. You can change these choices later in Settings.</p>
      <div className="row">
        <button type="button" className="primary" onClick={() => void answer('done')}>
          Open my vault
        </button>
      </div>
    </>
  );
}
