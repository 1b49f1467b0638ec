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
      {removed ? <p role="status">{removed} was removed and signed out.</p> : null}
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
