import { useEffect, useState } from 'react';
import { useAppStore } from '../state/store-context';
import { BackupCodesSetup } from './backup-codes-setup';
import { StepHeading } from './step-heading';
import type { StepProps } from './step-registry';

export function DoneStep({ answer, hold }: StepProps) {
  const twoFactor = useAppStore((s) => s.twoFactor);
  const loadTwoFactor = useAppStore((s) => s.loadTwoFactor);
  const forgetTwoFactorSecrets = useAppStore((s) => s.forgetTwoFactorSecrets);
  const [codesSaved, setCodesSaved] = useState(false);
  const [codesShown, setCodesShown] = useState(false);
  // What is enrolled is read afresh here: the two-factor step may have just added codes.
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    forgetTwoFactorSecrets();
    void loadTwoFactor().then(() => setLoaded(true));
    return () => forgetTwoFactorSecrets();
  }, [loadTwoFactor, forgetTwoFactorSecrets]);

  // A second factor without backup codes is one lost phone away from a locked-out account:
  // offer them before finishing, whatever the two-factor step did.
  const enrolled = twoFactor?.enrolled ?? [];
  const offerCodes =
    loaded &&
    !codesSaved && (twoFactor?.allowed.includes('backup_codes') ?? false) && !enrolled.includes('backup_codes') && enrolled.some((m) => m !== 'backup_codes');

  return (
    <>
      <StepHeading>Your vault is ready</StepHeading>
      <p>Everything your organisation asked for is set up. You can change these choices later in Settings.</p>
      {offerCodes ? (
        <section aria-labelledby="done-backup-title">
          <h2 id="done-backup-title">Backup codes</h2>
          <p className="muted">You have a second factor but no backup codes. If you lose it, a backup code still lets you in.</p>
          <BackupCodesSetup
            onShown={() => {
              setCodesShown(true);
              hold(true);
            }}
            onEnrolled={() => {
              setCodesSaved(true);
              setCodesShown(false);
              hold(false);
            }}
          />
        </section>
      ) : null}
      <div className="row">
        <button type="button" className="primary" disabled={offerCodes && codesShown} onClick={() => void answer('done')}>
          Open my vault
        </button>
      </div>
    </>
  );
}
