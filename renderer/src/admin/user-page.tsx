import { useState } from 'react';
import type { AdminScope, AdminUserAction } from '../../../preload/channels/admin-channels';
import type { ContractError } from '../../../preload/contract';
import { ConfirmDialog } from '../components/confirm-dialog';
import { ErrorBanner } from '../components/error-banner';
import { useAppStore } from '../state/store-context';
import { STAGE_LABELS, formatDate } from './admin-labels';
import { AuditTable } from './audit-table';
import { PlacementForm } from './placement-form';
import { ResetVault } from './reset-vault';
import { useAdminCall } from './use-admin-call';

type Pending =
  | { readonly kind: 'action'; readonly action: AdminUserAction }
  | { readonly kind: 'remove-device'; readonly deviceId: string; readonly name: string }
  | { readonly kind: 'place'; readonly node: string | null; readonly role: string | null };

const ACTION_WORDS: Readonly<Record<AdminUserAction, { title: string; confirm: string; done: string; detail: string }>> = {
  deactivate: {
    title: 'Deactivate this person?',
    confirm: 'Deactivate',
    done: 'Deactivated: every session has ended.',
    detail: 'They are signed out everywhere at once and cannot sign in until reactivated. Their vault is kept.',
  },
  reactivate: { title: 'Reactivate this person?', confirm: 'Reactivate', done: 'Reactivated.', detail: 'They can sign in again.' },
  reset_second_factor: {
    title: 'Reset their second factor?',
    confirm: 'Reset second factor',
    done: 'Second factor reset: they set up a new one at their next sign-in.',
    detail: 'Every authenticator app, security key and backup code of theirs stops working, and their sessions end.',
  },
};

/** One person: what the server knows about them (never vault contents) and the actions the role allows. */
export function UserPage({ id, scope, onBack }: { id: string; scope: AdminScope; onBack: () => void }) {
  const adminRequest = useAppStore((s) => s.adminRequest);
  const detail = useAdminCall('adminGetUser', { id });
  const [pending, setPending] = useState<Pending | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<ContractError | null>(null);
  const user = detail.data?.user ?? null;
  const canDevices = scope.permissions.includes('devices');

  const run = async (p: Pending) => {
    setPending(null);
    setError(null);
    const result =
      p.kind === 'action'
        ? await adminRequest('adminUserAction', { id, action: p.action })
        : p.kind === 'remove-device'
          ? await adminRequest('adminRemoveDevice', { id, deviceId: p.deviceId })
          : await adminRequest('adminPlaceUser', { id, node: p.node, role: p.role });
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setNotice(p.kind === 'action' ? ACTION_WORDS[p.action].done : p.kind === 'remove-device' ? `Device “${p.name}” removed.` : 'Placement saved.');
    detail.reload();
  };

  return (
    <section aria-labelledby="user-heading">
      <button type="button" className="link" onClick={onBack}>
        Back to the list
      </button>
      <h2 id="user-heading">{user?.email ?? 'Person'}</h2>
      <p role="status" className="admin-notice">
        {notice ?? ''}
      </p>
      {error ? <ErrorBanner error={error} onDismiss={() => setError(null)} /> : null}
      {detail.error ? <ErrorBanner error={detail.error} /> : null}
      {user ? (
        <>
          <dl className="fields">
            <dt>Status</dt>
            <dd>{user.status}</dd>
            <dt>Node</dt>
            <dd>{user.node}</dd>
            <dt>Role</dt>
            <dd>{user.role}</dd>
            <dt>Source</dt>
            <dd>{user.source === 'scim' ? 'SCIM' : 'JIT (first sign-in)'}</dd>
            <dt>Last sign-in</dt>
            <dd>{formatDate(user.lastSignInAt)}</dd>
            <dt>Second factor</dt>
            <dd>{user.secondFactorMethods.length === 0 ? 'none' : user.secondFactorMethods.join(', ')}</dd>
            <dt>Onboarding step</dt>
            <dd>{STAGE_LABELS[user.stage]}</dd>
          </dl>

          <h3>Actions</h3>
          <div className="row">
            {user.status === 'deactivated' ? (
              <button type="button" className="secondary" onClick={() => setPending({ kind: 'action', action: 'reactivate' })}>
                Reactivate
              </button>
            ) : (
              <button type="button" className="danger" onClick={() => setPending({ kind: 'action', action: 'deactivate' })}>
                Deactivate
              </button>
            )}
            <button type="button" className="secondary" disabled={user.secondFactorMethods.length === 0} onClick={() => setPending({ kind: 'action', action: 'reset_second_factor' })}>
              Reset second factor
            </button>
          </div>
          <PlacementForm user={user} scope={scope} onSubmit={(node, role) => setPending({ kind: 'place', node, role })} />

          <h3>Devices</h3>
          {detail.data && detail.data.devices.length > 0 ? (
            <ul className="admin-devices">
              {detail.data.devices.map((d) => (
                <li key={d.id}>
                  <span>
                    {d.name} <span className="muted">({d.platform}, last seen {formatDate(d.lastSeenAt)}{d.trusted ? ', trusted' : ''})</span>
                  </span>
                  {canDevices ? (
                    <button type="button" className="danger" aria-label={`Remove device ${d.name}`} onClick={() => setPending({ kind: 'remove-device', deviceId: d.id, name: d.name })}>
                      Remove
                    </button>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">No devices.</p>
          )}
          {canDevices ? (
            <ResetVault
              userId={user.id}
              email={user.email}
              onDone={(text) => {
                setNotice(text);
                detail.reload();
              }}
            />
          ) : null}

          {detail.data?.recentEvents ? (
            <>
              <h3>Recent events</h3>
              <AuditTable events={detail.data.recentEvents} caption={`Recent events of ${user.email}`} />
            </>
          ) : null}
        </>
      ) : null}

      {pending ? (
        <ConfirmDialog
          title={pending.kind === 'action' ? ACTION_WORDS[pending.action].title : pending.kind === 'remove-device' ? `Remove device “${pending.name}”?` : 'Save the new placement?'}
          confirmLabel={pending.kind === 'action' ? ACTION_WORDS[pending.action].confirm : pending.kind === 'remove-device' ? 'Remove device' : 'Save placement'}
          danger={pending.kind !== 'place' && !(pending.kind === 'action' && pending.action === 'reactivate')}
          onConfirm={() => void run(pending)}
          onCancel={() => setPending(null)}
        >
          <p>
            {pending.kind === 'action'
              ? ACTION_WORDS[pending.action].detail
              : pending.kind === 'remove-device'
                ? 'Its sessions end and its key to the vault is deleted; it must be approved again to open the vault.'
                : `${user?.email ?? 'They'} will be placed in ${pending.node ?? user?.node ?? ''} as ${pending.role ?? user?.role ?? ''}.`}
          </p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
