import { useEffect, useId, useState } from 'react';
import type { DeviceView } from '../../../preload/contract';
import { ErrorBanner } from '../components/error-banner';
import { useAppStore } from '../state/store-context';

/**
 * Settings → Devices: every device of the signed-in person, this one marked. Removing one
 * deletes its key to the vault, its sessions and its remembered second factor at once; if it is
 * running, it is signed out and locked within seconds.
 */
export function DevicesSection() {
  const devices = useAppStore((s) => s.devices);
  const error = useAppStore((s) => s.devicesError);
  const load = useAppStore((s) => s.loadDevices);
  const remove = useAppStore((s) => s.removeDevice);
  const rotate = useAppStore((s) => s.rotateVaultKey);
  const needsPassword = useAppStore((s) => s.session?.kind === 'signed-in' && s.session.policy.requireMasterPassword);
  const [password, setPassword] = useState('');
  const [rotation, setRotation] = useState<'idle' | 'running' | number>('idle');
  const passwordId = useId();
  const [confirming, setConfirming] = useState<DeviceView | null>(null);
  const [removed, setRemoved] = useState<string | null>(null);
  const headingId = useId();

  useEffect(() => {
    void load();
  }, [load]);

  async function confirmRemove(device: DeviceView) {
    setConfirming(null);
    if (await remove(device.id)) setRemoved(device.name);
  }

  return (
    <section className="devices-section" aria-labelledby={headingId}>
      <h2 id={headingId}>Devices</h2>
      {error ? <ErrorBanner error={error} /> : null}
      {removed ? (
        <div className="rotate-offer">
          <p role="status">{removed} was removed and signed out.</p>
          <p className="muted">If it could have kept a copy of your vault’s key, give the vault a new key: your other devices keep access, the removed one’s copy opens nothing.</p>
          {needsPassword ? (
            <>
              <label htmlFor={passwordId}>Master password</label>
              <input id={passwordId} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
            </>
          ) : null}
          <button
            type="button"
            className="secondary"
            disabled={rotation === 'running' || (needsPassword && password === '')}
            onClick={() => {
              setRotation('running');
              void rotate(needsPassword ? password : null).then((n) => setRotation(n ?? 'idle'));
            }}
          >
            Rotate my vault key
          </button>
          {rotation === 'running' ? <p role="status">Rotating…</p> : typeof rotation === 'number' ? <p role="status">
              Your vault has a new key ({rotation} item{rotation === 1 ? '' : 's'} re-keyed).
            </p> : null}
        </div>
      ) : null}
      {devices === null ? (
        <p role="status">Loading devices…</p>
      ) : (
        <ul aria-label="Your devices" className="device-list">
          {devices.map((d) => (
            <li key={d.id} aria-label={d.name}>
              <strong>{d.name}</strong>
              {d.current ? <span className="badge"> (this device)</span> : null}
              <span className="muted">
                {' '}
                · {d.trusted ? 'can open your vault' : 'not approved'} · last seen {new Date(d.lastSeenAt).toLocaleString()} · added {new Date(d.createdAt).toLocaleDateString()}
              </span>
              {d.current ? null : confirming?.id === d.id ? (
                <span role="group" aria-label={`Confirm removing ${d.name}`}>
                  {' '}
                  <button type="button" className="danger" onClick={() => void confirmRemove(d)}>
                    Remove {d.name}
                  </button>
                  <button type="button" className="secondary" onClick={() => setConfirming(null)}>
                    Keep
                  </button>
                </span>
              ) : (
                <button type="button" className="secondary" aria-label={`Remove ${d.name}`} onClick={() => setConfirming(d)}>
                  Remove
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
