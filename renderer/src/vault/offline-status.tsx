import { useAppStore } from '../state/store-context';

/**
 * While the backend cannot be reached and the vault runs on this device's encrypted copy: says so,
 * how many changes wait to be sent, and since when the server has not been reached.
 */
export function OfflineStatus() {
  const session = useAppStore((s) => s.session);
  const offline = session?.kind === 'signed-in' ? session.offline : undefined;
  if (!offline) return null;
  const waiting = offline.pendingChanges;
  const since = new Date(offline.since);
  return (
    <div role="status" aria-label="Connection" className="banner banner-warning offline-status">
      <strong>Offline — changes will sync</strong>
      <p>
        Keyhaven cannot reach its server, so your vault opens from the encrypted copy on this device.{' '}
        {waiting === 0 ? 'No changes are waiting.' : waiting === 1 ? '1 change is waiting to be sent.' : `${waiting} changes are waiting to be sent.`} Last
        contact with the server: <time dateTime={offline.since}>{since.toLocaleString()}</time>.
      </p>
    </div>
  );
}
