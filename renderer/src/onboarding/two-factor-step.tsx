import { useEffect, useId, useState } from 'react';
import type { TwoFactorMethod } from '../../../main/policy/enforcement-policy';
import { useAppStore } from '../state/store-context';
import { BackupCodesSetup } from './backup-codes-setup';
import { METHOD_HINTS, METHOD_NAMES } from './method-names';
import { SecurityKeySetup } from './security-key-setup';
import { StepHeading } from './step-heading';
import type { StepProps } from './step-registry';
import { TotpSetup } from './totp-setup';

export function TwoFactorStep({ step, answer, hold, pin }: StepProps) {
  const forgetTwoFactorSecrets = useAppStore((s) => s.forgetTwoFactorSecrets);
  const loadTwoFactor = useAppStore((s) => s.loadTwoFactor);
  const twoFactor = useAppStore((s) => s.twoFactor);
  const backupCodesDue = useAppStore((s) => s.backupCodesDue);
  const setBackupCodesDue = useAppStore((s) => s.setBackupCodesDue);
  const methods = step.methods ?? [];
  const [method, setMethod] = useState<TwoFactorMethod | null>(methods[0] ?? null);
  const legendId = useId();
  const name = useId();

  // The TOTP secret and the backup codes are shown once; they do not outlive the step.
  useEffect(() => () => forgetTwoFactorSecrets(), [forgetTwoFactorSecrets]);
  // Enrolling settles the step in the plan: stay here for the backup codes instead of moving on.
  useEffect(() => {
    pin();
    void loadTwoFactor();
    // Once per visit of the step.
  }, []);

  const backupOffered = methods.includes('backup_codes') && !(twoFactor?.enrolled.includes('backup_codes') ?? false);
  const finish = () => void answer('done');
  const enrolledPrimary = () => {
    if (!backupOffered) return finish();
    // After an authenticator app or a security key: the backup codes, before anything else.
    hold(true);
    setBackupCodesDue(true);
  };

  if (backupCodesDue) {
    return (
      <>
        <StepHeading>Save your backup codes</StepHeading>
        <p className="banner banner-ok">{METHOD_NAMES[method ?? 'totp']} is set up.</p>
        <p className="muted">
          If you lose your phone or your security key, a backup code still lets you in. Create them now and keep them somewhere safe,
          away from this computer.
        </p>
        <BackupCodesSetup onEnrolled={finish} />
        {step.required ? null : (
          <div className="row">
            <button type="button" className="link" onClick={finish}>
              Not now
            </button>
          </div>
        )}
      </>
    );
  }

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
      {method === 'totp' ? <TotpSetup onEnrolled={enrolledPrimary} /> : null}
      {method === 'webauthn' ? <SecurityKeySetup onEnrolled={enrolledPrimary} /> : null}
      {method === 'backup_codes' ? <BackupCodesSetup onEnrolled={finish} onShown={() => hold(true)} /> : null}
    </>
  );
}
