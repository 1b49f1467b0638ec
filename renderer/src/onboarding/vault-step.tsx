import { useId, useState, type FormEvent } from 'react';
import { useAppStore } from '../state/store-context';
import { MasterPasswordFields, masterPasswordReady, type MasterPasswordValue } from './master-password-fields';
import { StepHeading } from './step-heading';
import type { StepProps } from './step-registry';

const EMPTY: MasterPasswordValue = { password: '', confirm: '' };

export function VaultStep({ step, session, answer }: StepProps) {
  const check = useAppStore((s) => s.passwordCheck);
  const busy = useAppStore((s) => s.onboardingBusy);
  const createVault = useAppStore((s) => s.createVault);
  const mode = step.masterPassword ?? 'off';
  const [optIn, setOptIn] = useState(false);
  const [value, setValue] = useState<MasterPasswordValue>(EMPTY);
  const optInId = useId();

  if (session.vaultExists || step.status === 'done') {
    return (
      <>
        <StepHeading>Create your vault</StepHeading>
        <p className="banner banner-ok">Your vault has been created on this device.</p>
      </>
    );
  }

  const withPassword = mode === 'required' || (mode === 'optional' && optIn);
  const ready = !withPassword || masterPasswordReady(value, check);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!ready || busy !== null) return;
    const ok = await createVault(withPassword ? value.password : null);
    if (!ok) return;
    setValue(EMPTY);
    await answer('done');
  }

  return (
    <>
      <StepHeading>Create your vault</StepHeading>
      <p className="muted">
        Your vault is encrypted on this device with a key kept in your system’s keychain and unlocked by your company sign-in.
      </p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        {mode === 'required' ? (
          <p>Your organisation also requires a master password. Nobody, not even your administrator, can recover it.</p>
        ) : null}
        {mode === 'optional' ? (
          <div className="check">
            <input id={optInId} type="checkbox" checked={optIn} aria-describedby={`${optInId}-hint`} onChange={(e) => setOptIn(e.target.checked)} />
            <label htmlFor={optInId}>Also protect my vault with a master password</label>
            <p id={`${optInId}-hint`} className="hint">
              It opens your vault where this device’s keychain cannot. Without the server, your vault opens from this device’s encrypted offline copy, with the keychain’s key or this password.
            </p>
          </div>
        ) : null}
        {withPassword ? <MasterPasswordFields value={value} onChange={setValue} /> : null}
        <div className="row">
          <button type="submit" className="primary" disabled={!ready || busy !== null}>
            Create my vault
          </button>
        </div>
      </form>
    </>
  );
}
