import { useEffect, useId, useState } from 'react';
import type { TwoFactorMethod } from '../../../main/policy/enforcement-policy';
import { useAppStore } from '../state/store-context';
import { BackupCodesSetup } from './backup-codes-setup';
import { METHOD_HINTS, METHOD_NAMES } from './method-names';
import { SecurityKeySetup } from './security-key-setup';
import { StepHeading } from './step-heading';
import type { StepProps } from './step-registry';
import { TotpSetup } from './totp-setup';

export function TwoFactorStep({ step, answer }: StepProps) {
  const forgetTwoFactorSecrets = useAppStore((s) => s.forgetTwoFactorSecrets);
  const methods = step.methods ?? [];
  const [method, setMethod] = useState<TwoFactorMethod | null>(methods[0] ?? null);
  const legendId = useId();
  const name = useId();

  // The TOTP secret and the backup codes are shown once; they do not outlive the step.
  useEffect(() => () => forgetTwoFactorSecrets(), [forgetTwoFactorSecrets]);

  const enrolled = () => void answer('done');
  return (
    <>
      <StepHeading>Set up two-factor authentication</StepHeading>
      <p className="muted">
        {step.required
          ? 'Your organisation requires a second step, besides your company sign-in, to open Keyhaven.'
          : 'Recommended: add a second step, besides your company sign-in, to open Keyhaven. You can skip this for now.'}
      </p>
      {step.status === 'done' ? <p className="banner banner-ok">Two-factor authentication is set up. You may add another method.</p> : null}
      <fieldset role="radiogroup" aria-labelledby={legendId} className="methods">
        <legend id={legendId}>Two-factor method</legend>
        {methods.map((m) => (
          <div className="check" key={m}>
            <input
              id={`${name}-${m}`}
              type="radio"
              name={name}
              value={m}
              checked={method === m}
              aria-describedby={`${name}-${m}-hint`}
              onChange={() => setMethod(m)}
            />
            <label htmlFor={`${name}-${m}`}>{METHOD_NAMES[m]}</label>
            <span id={`${name}-${m}-hint`} className="hint">
              {METHOD_HINTS[m]}
            </span>
          </div>
        ))}
      </fieldset>
      {method === 'totp' ? <TotpSetup onEnrolled={enrolled} /> : null}
      {method === 'webauthn' ? <SecurityKeySetup onEnrolled={enrolled} /> : null}
      {method === 'backup_codes' ? <BackupCodesSetup onEnrolled={enrolled} /> : null}
    </>
  );
}
