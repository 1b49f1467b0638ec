import { useState } from 'react';
import type { AdminRecoveryView } from '../../../preload/channels/admin-channels';
import type { ContractError, Result } from '../../../preload/contract';
import { ConfirmDialog } from '../components/confirm-dialog';
import { ErrorBanner } from '../components/error-banner';
import { useAppStore } from '../state/store-context';
import { AdminTable } from './admin-table';
import { useAdminCall } from './use-admin-call';

/** 64 hex digits in groups of four, easier to compare aloud. */
export function groupedFingerprint(hex: string): string {
  return (hex.match(/.{1,4}/g) ?? []).join(' ');
}

type Admin = AdminRecoveryView['admins'][number];

/** The organisation's recovery key: set it up, see its fingerprint and pins, give it to other administrators. */
export function RecoveryKeyPanel() {
  const adminRequest = useAppStore((s) => s.adminRequest);
  const loaded = useAdminCall('adminRecovery', {});
  const [view, setView] = useState<AdminRecoveryView | null>(null);
  const [error, setError] = useState<ContractError | null>(null);
  const [busy, setBusy] = useState(false);
  const [giving, setGiving] = useState<Admin | null>(null);
  const current = view ?? loaded.data;

  async function run(call: () => Promise<Result<AdminRecoveryView>>) {
    setBusy(true);
    setError(null);
    const result = await call();
    setBusy(false);
    if (result.ok) setView(result.value);
    else setError(result.error);
  }

  const key = current?.key ?? null;
  return (
    <section aria-labelledby="recovery-key-heading" className="recovery-key">
      <h3 id="recovery-key-heading">Account recovery key</h3>
      {loaded.error ? <ErrorBanner error={loaded.error} /> : null}
      {error ? <ErrorBanner error={error} onDismiss={() => setError(null)} /> : null}
      {current && key === null ? (
        <>
          <p>
            Not set up. With a recovery key, the vaults of roles with <code>accountRecovery</code> are also sealed to it, and administrators who hold it can approve
            a person’s new device. The key pair is made on this computer; the server only ever gets its public half and copies sealed to administrators.
          </p>
          <button type="button" className="primary" disabled={busy} onClick={() => void run(() => adminRequest('adminRecoverySetUp', {}))}>
            Set up account recovery
          </button>
        </>
      ) : null}
      {current && key !== null ? (
        <>
          <dl className="fields">
            <dt>Fingerprint</dt>
            <dd>
              <code aria-label="Recovery key fingerprint">{groupedFingerprint(key.fingerprint)}</code>
            </dd>
            <dt>Tenant configuration</dt>
            <dd>{key.pinned === null ? 'Not pinned yet: add recoveryKey.fingerprint with this value' : 'Pinned'}</dd>
            <dt>This computer (managed.json)</dt>
            <dd>
              {current.managedPin === null
                ? 'Not pinned: add recoveryKeyFingerprint with this value'
                : current.managedPin === key.fingerprint
                  ? 'Pinned'
                  : 'Pins another key: vaults here will not be enrolled'}
            </dd>
            <dt>You</dt>
            <dd>{current.holdsKey ? 'hold the recovery key' : `do not hold the recovery key yet; your key phrase is “${current.myPhrase ?? '(make your vault first)'}”`}</dd>
          </dl>
          <AdminTable caption="Administrators who can approve devices" showCaption columns={['Administrator', 'Key phrase', 'Recovery key']}>
            {current.admins.map((a) => (
              <tr key={a.userId}>
                <td>{a.me ? `${a.email} (you)` : a.email}</td>
                <td>{a.phrase ?? 'no vault yet'}</td>
                <td>
                  {a.granted ? (
                    'holds it'
                  ) : current.holdsKey && a.phrase !== null ? (
                    <button type="button" className="secondary" disabled={busy} aria-label={`Give the recovery key to ${a.email}`} onClick={() => setGiving(a)}>
                      Give the key
                    </button>
                  ) : (
                    'does not hold it'
                  )}
                </td>
              </tr>
            ))}
          </AdminTable>
        </>
      ) : null}
      {giving ? (
        <ConfirmDialog
          title={`Give the recovery key to ${giving.email}?`}
          confirmLabel="Give the key"
          onConfirm={() => {
            const to = giving;
            setGiving(null);
            void run(() => adminRequest('adminRecoveryGrant', { userId: to.userId }));
          }}
          onCancel={() => setGiving(null)}
        >
          <p>
            Ask {giving.email} to read the key phrase their Approvals screen shows. Give the key only if it is “{giving.phrase}”: otherwise the copy would be sealed
            to someone else’s key.
          </p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
