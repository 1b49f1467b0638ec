import { useState } from 'react';
import type { AdminPermission } from '../../../preload/channels/admin-channels';
import { ErrorBanner } from '../components/error-banner';
import { useAppStore } from '../state/store-context';
import { ApprovalsView } from './approvals-view';
import { AuditView } from './audit-view';
import { ConnectionsView } from './connections-view';
import { RolloutView } from './rollout-view';
import { UserPage } from './user-page';
import { UsersView } from './users-view';
import { WebhooksView } from './webhooks-view';
import { SyslogView } from './syslog-view';
import './admin.css';

type Section = 'rollout' | 'users' | 'approvals' | 'audit' | 'webhooks' | 'connections';

const SECTIONS: readonly { readonly id: Section; readonly label: string; readonly needs: AdminPermission }[] = [
  { id: 'rollout', label: 'Rollout', needs: 'users' },
  { id: 'users', label: 'People', needs: 'users' },
  { id: 'approvals', label: 'Approvals', needs: 'devices' },
  { id: 'audit', label: 'Audit log', needs: 'audit' },
  { id: 'webhooks', label: 'Event forwarding', needs: 'audit' },
  { id: 'connections', label: 'SSO connections', needs: 'connections' },
];

/** The admin section: only what the role's permissions open, within its scope (the backend enforces both). */
export function AdminArea() {
  const scope = useAppStore((s) => s.adminScope);
  const error = useAppStore((s) => s.adminError);
  const closeAdmin = useAppStore((s) => s.closeAdmin);
  const allowed = SECTIONS.filter((s) => scope?.permissions.includes(s.needs));
  const [chosen, setChosen] = useState<Section | null>(null);
  const [userId, setUserId] = useState<string | null>(null);
  const section = chosen ?? allowed[0]?.id ?? null;
  const openUser = (id: string) => {
    setChosen('users');
    setUserId(id);
  };

  return (
    <div className="admin-shell">
      <header className="vault-header">
        <h1>Administration</h1>
        <p className="muted header-user">{scope ? `${scope.actor} · ${scope.scope === null ? 'every node' : `${scope.scope} and below`}` : ''}</p>
        <div className="row header-actions">
          <button type="button" className="secondary" onClick={closeAdmin}>
            Leave admin area
          </button>
        </div>
      </header>
      {allowed.length > 0 ? (
        <nav aria-label="Admin sections" className="admin-tabs">
          <ul>
            {allowed.map((s) => (
              <li key={s.id}>
                <button
                  type="button"
                  aria-current={section === s.id ? 'page' : undefined}
                  onClick={() => {
                    setChosen(s.id);
                    setUserId(null);
                  }}
                >
                  {s.label}
                </button>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <main className="admin-main">
        {error ? <ErrorBanner error={error} /> : null}
        {scope === null && error === null ? <p role="status">Loading…</p> : null}
        {scope !== null && section === 'rollout' ? <RolloutView onOpenUser={openUser} /> : null}
        {scope !== null && section === 'users' ? (
          userId === null ? <UsersView nodes={scope.nodes} onOpenUser={openUser} /> : <UserPage id={userId} scope={scope} onBack={() => setUserId(null)} />
        ) : null}
        {scope !== null && section === 'approvals' ? <ApprovalsView /> : null}
        {scope !== null && section === 'audit' ? <AuditView /> : null}
        {scope !== null && section === 'webhooks' ? (
          <>
            <WebhooksView />
            <SyslogView />
          </>
        ) : null}
        {scope !== null && section === 'connections' ? <ConnectionsView /> : null}
      </main>
    </div>
  );
}
