import { lazy, Suspense, type ReactNode } from 'react';
import { useAppStore } from '../state/store-context';

// Only administrators ever open it: a chunk of its own, fetched when opened.
const AdminArea = lazy(async () => ({ default: (await import('./admin-area')).AdminArea }));

/**
 * Around the signed-in screens: a person whose role grants administration gets a way into the
 * admin area (and the area itself once opened); everyone else sees only `children`.
 */
export function AdminGate({ children }: { children: ReactNode }) {
  const session = useAppStore((s) => s.session);
  const adminOpen = useAppStore((s) => s.adminOpen);
  const openAdmin = useAppStore((s) => s.openAdmin);
  const grant = session?.kind === 'signed-in' ? session.policy.admin : null;
  if (grant === null) return <>{children}</>;
  if (adminOpen) {
    return (
      <Suspense
        fallback={
          <main className="centered" aria-busy="true">
            <p role="status">Opening the admin area…</p>
          </main>
        }
      >
        <AdminArea />
      </Suspense>
    );
  }
  return (
    <>
      <nav aria-label="Administration" className="admin-entry">
        <span className="muted">You administer {grant.scope}.</span>
        <button type="button" className="secondary" onClick={() => void openAdmin()}>
          Open admin area
        </button>
      </nav>
      {children}
    </>
  );
}
