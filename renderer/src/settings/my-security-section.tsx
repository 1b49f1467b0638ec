import { useEffect, useId } from 'react';
import { useAppStore } from '../state/store-context';
import { ChangeMasterPassword } from './change-master-password';
import { ExportVault } from './export-vault';
import { SecondFactorMethods } from './second-factor-methods';
import { SessionsList } from './sessions-list';

/**
 * Settings → My security: second factors within the role's policy, the master password (for
 * roles that have one), the live sessions, and the export (where the role allows it).
 */
export function MySecuritySection() {
  const twoFactor = useAppStore((s) => s.twoFactor);
  const loadTwoFactor = useAppStore((s) => s.loadTwoFactor);
  const forgetTwoFactorSecrets = useAppStore((s) => s.forgetTwoFactorSecrets);
  const policy = useAppStore((s) => (s.session?.kind === 'signed-in' ? s.session.policy : null));
  const headingId = useId();

  useEffect(() => {
    forgetTwoFactorSecrets();
    void loadTwoFactor();
    return () => forgetTwoFactorSecrets();
  }, [loadTwoFactor, forgetTwoFactorSecrets]);

  return (
    <section className="settings-section" aria-labelledby={headingId}>
      <h3 id={headingId}>My security</h3>
      {twoFactor === null ? <p role="status">Loading…</p> : <SecondFactorMethods twoFactor={twoFactor} />}
      {policy?.requireMasterPassword ? <ChangeMasterPassword /> : null}
      <SessionsList />
      {policy?.allowExport ? <ExportVault /> : null}
    </section>
  );
}
