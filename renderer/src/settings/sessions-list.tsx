import { useEffect, useId, useState } from 'react';
import type { ContractError } from '../../../preload/contract';
import { ErrorBanner } from '../components/error-banner';
import { useAppStore } from '../state/store-context';

/** Where this person is signed in now: one line per live session, this app's marked. */
export function SessionsList() {
  const sessions = useAppStore((s) => s.sessions);
  const loadSessions = useAppStore((s) => s.loadSessions);
  const [error, setError] = useState<ContractError | null>(null);
  const headingId = useId();

  useEffect(() => {
    void loadSessions().then(setError);
  }, [loadSessions]);

  return (
    <section aria-labelledby={headingId}>
      <h4 id={headingId}>Sessions</h4>
      <p className="hint">Where you are signed in now. Removing a device (below) ends its sessions.</p>
      {error ? <ErrorBanner error={error} /> : null}
      {sessions === null ? null : (
        <ul aria-label="Your sessions" className="device-list">
          {sessions.map((s, i) => (
            <li key={`${s.deviceId ?? 'none'}-${s.startedAt}-${i}`}>
              <strong>{s.deviceName}</strong>
              {s.current ? <span className="badge"> (this session)</span> : null}
              <span className="muted">
                {' '}
                · signed in {new Date(s.startedAt).toLocaleString()} · ends {new Date(s.expiresAt).toLocaleString()}
                {s.secondFactorVerified ? ' · second factor confirmed' : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
