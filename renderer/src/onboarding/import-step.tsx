import { ImportFlow } from '../import/import-flow';
import { StepHeading } from './step-heading';
import type { StepProps } from './step-registry';

export function ImportStep({ step, answer }: StepProps) {
  const pending = step.status === 'pending';
  return (
    <>
      <StepHeading>Import your passwords</StepHeading>
      <p className="muted">
        Bring your passwords over from another password manager or a browser export. The file is read on this device only.
      </p>
      {step.status === 'done' ? <p className="banner banner-ok">You have imported passwords. You can import another file.</p> : null}
      <ImportFlow
        embedded
        onDone={() => void answer('done')}
        // Cancelling the embedded flow means "not now": an optional step is skipped, a
        // required one stays on screen.
        onCancel={() => {
          if (pending && !step.required) void answer('skipped');
        }}
      />
    </>
  );
}
