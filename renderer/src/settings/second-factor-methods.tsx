import { useId, useState } from 'react';
import type { ContractError } from '../../../preload/contract';
import type { AuthenticatorView, TwoFactorView } from '../../../preload/contract';
import { ErrorBanner } from '../components/error-banner';
import { BackupCodesSetup } from '../onboarding/backup-codes-setup';
import { METHOD_NAMES } from '../onboarding/method-names';
import { SecurityKeySetup } from '../onboarding/security-key-setup';
import { TotpSetup } from '../onboarding/totp-setup';
import { useAppStore } from '../state/store-context';

type Adding = 'totp' | 'webauthn' | 'backup_codes' | null;

/** "Authenticator app", "Security key", or "Security key 2" when there are several. */
function authenticatorName(a: AuthenticatorView, all: readonly AuthenticatorView[]): string {
  if (a.kind === 'totp') return METHOD_NAMES.totp;
  const keys = all.filter((k) => k.kind === 'webauthn');
  return keys.length > 1 ? `${METHOD_NAMES.webauthn} ${keys.indexOf(a) + 1}` : METHOD_NAMES.webauthn;
}

/**
 * The second factors this person has, each removable, and the allowed ones to add. The backend
 * refuses to go below the role's requirement (two_factor_minimum), shown here as it comes.
 */
export function SecondFactorMethods({ twoFactor }: { twoFactor: TwoFactorView }) {
  const loadTwoFactor = useAppStore((s) => s.loadTwoFactor);
  const forgetTwoFactorSecrets = useAppStore((s) => s.forgetTwoFactorSecrets);
  const removeAuthenticator = useAppStore((s) => s.removeAuthenticator);
  const sessionError = useAppStore((s) => s.sessionError);
  const clearSessionError = useAppStore((s) => s.clearSessionError);
  const codesOnScreen = useAppStore((s) => s.backupCodes !== null);
  const [adding, setAdding] = useState<Adding>(null);
  const [confirming, setConfirming] = useState<AuthenticatorView | null>(null);
  const [error, setError] = useState<ContractError | null>(null);
  const [status, setStatus] = useState('');
  const headingId = useId();

  const allowed = (m: 'totp' | 'webauthn' | 'backup_codes') => twoFactor.allowed.includes(m);
  const hasCodes = twoFactor.enrolled.includes('backup_codes');

  function start(method: Adding) {
    forgetTwoFactorSecrets();
    clearSessionError();
    setError(null);
    setStatus('');
    setConfirming(null);
    setAdding(method);
  }

  function added(text: string) {
    setAdding(null);
    forgetTwoFactorSecrets();
    setStatus(text);
    void loadTwoFactor();
  }

  async function remove(a: AuthenticatorView) {
    const name = authenticatorName(a, twoFactor.authenticators);
    setConfirming(null);
    const failed = await removeAuthenticator(a.kind === 'totp' ? { kind: 'totp' } : { kind: 'webauthn', id: a.id });
    setError(failed);
    setStatus(failed ? '' : `${name} removed.`);
  }

  return (
    <section aria-labelledby={headingId}>
      <h4 id={headingId}>Second factor</h4>
      <p>Second-factor methods your role allows: {twoFactor.allowed.map((m) => METHOD_NAMES[m]).join(', ')}.</p>
      {twoFactor.required ? <p className="hint">Your role requires a second factor: one authenticator app or security key always stays.</p> : null}
      {error ? <ErrorBanner error={error} onDismiss={() => setError(null)} /> : null}
      {twoFactor.enrolled.length === 0 ? (
        <p className="muted">You have no second factor set up.</p>
      ) : (
        <ul aria-label="Your second-factor methods" className="device-list">
          {twoFactor.authenticators.map((a) => {
            const name = authenticatorName(a, twoFactor.authenticators);
            return (
              <li key={`${a.kind}:${a.id}`}>
                <strong>{name}</strong>
                <span className="muted"> · added {new Date(a.addedAt).toLocaleDateString()}</span>{' '}
                {confirming === a ? (
                  <span role="group" aria-label={`Confirm removing ${name}`}>
                    <button type="button" className="danger" onClick={() => void remove(a)}>
                      Remove {name}
                    </button>{' '}
                    <button type="button" className="secondary" onClick={() => setConfirming(null)}>
                      Keep it
                    </button>
                  </span>
                ) : (
                  <button type="button" className="secondary" aria-label={`Remove ${name}…`} onClick={() => setConfirming(a)}>
                    Remove…
                  </button>
                )}
              </li>
            );
          })}
          {hasCodes ? (
            <li>
              <strong>{METHOD_NAMES.backup_codes}</strong>
            </li>
          ) : null}
        </ul>
      )}
      {adding === null ? (
        <div className="row">
          {allowed('totp') && !twoFactor.enrolled.includes('totp') ? (
            <button type="button" className="secondary" onClick={() => start('totp')}>
              Add an authenticator app
            </button>
          ) : null}
          {allowed('webauthn') ? (
            <button type="button" className="secondary" onClick={() => start('webauthn')}>
              Add a security key
            </button>
          ) : null}
          {allowed('backup_codes') ? (
            <button type="button" className="secondary" onClick={() => start('backup_codes')}>
              {hasCodes ? 'Make new backup codes' : 'Make backup codes'}
            </button>
          ) : null}
        </div>
      ) : (
        <>
          {sessionError ? <ErrorBanner error={sessionError} onDismiss={clearSessionError} /> : null}
          {adding === 'totp' ? <TotpSetup onEnrolled={() => added('Authenticator app added.')} /> : null}
          {adding === 'webauthn' ? <SecurityKeySetup onEnrolled={() => added('Security key added.')} /> : null}
          {adding === 'backup_codes' ? (
            <>
              <p className="hint">New codes replace your current ones: once made, the old codes no longer work.</p>
              <BackupCodesSetup onEnrolled={() => added('New backup codes saved. The old ones no longer work.')} />
            </>
          ) : null}
          {adding !== 'backup_codes' || !codesOnScreen ? (
            <button type="button" className="secondary" onClick={() => start(null)}>
              Cancel
            </button>
          ) : null}
        </>
      )}
      <p role="status" className="hint">
        {status}
      </p>
    </section>
  );
}
