import { useEffect, useId, useState } from 'react';
import { BackupCodesSetup } from '../onboarding/backup-codes-setup';
import { METHOD_NAMES } from '../onboarding/method-names';
import { useAppStore } from '../state/store-context';

/**
 * Settings → My security: the second-factor methods this person has and the ones the role
 * allows, and new backup codes, which replace the old set in one step on the server.
 */
export function MySecuritySection() {
  const twoFactor = useAppStore((s) => s.twoFactor);
  const loadTwoFactor = useAppStore((s) => s.loadTwoFactor);
  const forgetTwoFactorSecrets = useAppStore((s) => s.forgetTwoFactorSecrets);
  const [regenerating, setRegenerating] = useState(false);
  const [status, setStatus] = useState('');
  const headingId = useId();

  useEffect(() => {
    forgetTwoFactorSecrets();
    void loadTwoFactor();
    return () => forgetTwoFactorSecrets();
  }, [loadTwoFactor, forgetTwoFactorSecrets]);

  if (twoFactor === null) return null;
  const codesAllowed = twoFactor.allowed.includes('backup_codes');
  return (
    <section className="settings-section" aria-labelledby={headingId}>
      <h3 id={headingId}>My security</h3>
      <p>Second-factor methods your role allows: {twoFactor.allowed.map((m) => METHOD_NAMES[m]).join(', ')}.</p>
      {twoFactor.enrolled.length === 0 ? (
        <p className="muted">You have no second factor set up.</p>
      ) : (
        <ul aria-label="Your second-factor methods">
          {twoFactor.enrolled.map((m) => (
            <li key={m}>{METHOD_NAMES[m]}</li>
          ))}
        </ul>
      )}
      {codesAllowed && !regenerating ? (
        <button
          type="button"
          className="secondary"
          onClick={() => {
            forgetTwoFactorSecrets();
            setStatus('');
            setRegenerating(true);
          }}
        >
          {twoFactor.enrolled.includes('backup_codes') ? 'Make new backup codes' : 'Make backup codes'}
        </button>
      ) : null}
      {regenerating ? (
        <>
          <p className="hint">New codes replace your current ones: once made, the old codes no longer work.</p>
          <BackupCodesSetup
            onEnrolled={() => {
              setRegenerating(false);
              forgetTwoFactorSecrets();
              setStatus('New backup codes saved. The old ones no longer work.');
              void loadTwoFactor();
            }}
          />
        </>
      ) : null}
      <p role="status" className="hint">
        {status}
      </p>
    </section>
  );
}
