import type { ReactNode } from 'react';
import { useAppStore } from '../state/store-context';
import { AdminArea } from './admin-area';

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
  if (adminOpen) return <AdminArea />;
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
