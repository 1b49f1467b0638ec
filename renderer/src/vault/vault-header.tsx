import { useAppStore } from '../state/store-context';

export function VaultHeader({ onImport, onSettings }: { onImport: (() => void) | null; onSettings: () => void }) {
  const session = useAppStore((s) => s.session);
  const lockVault = useAppStore((s) => s.lockVault);
  const signOut = useAppStore((s) => s.signOut);
  const email = session?.kind === 'signed-in' ? session.user.email : '';

  return (
    <header className="vault-header">
      <h1>Keyhaven</h1>
      <p className="muted header-user">
        <span className="sr-only">Signed in as </span>
        {email}
      </p>
      <div className="row header-actions">
        {onImport ? (
          <button type="button" className="secondary" onClick={onImport}>
            Import
          </button>
        ) : null}
        <button type="button" className="secondary" onClick={onSettings}>
          Settings
        </button>
        <button type="button" className="secondary" onClick={() => void lockVault()}>
          Lock
        </button>
        <button type="button" className="secondary" onClick={() => void signOut()}>
          Sign out
        </button>
      </div>
    </header>
  );
}
