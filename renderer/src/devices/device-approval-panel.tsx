import { useEffect, useId } from 'react';
import { ErrorBanner } from '../components/error-banner';
import { useAppStore } from '../state/store-context';

/**
 * On a device that cannot open the vault yet: ask a trusted device of the same person. Shows the
 * five-word phrase to compare, whether another device has seen the request, and says so plainly
 * when none has within 15 seconds (the request keeps waiting in the background).
 */
export function DeviceApprovalPanel() {
  const state = useAppStore((s) => s.deviceApproval);
  const session = useAppStore((s) => s.session);
  const hasMasterPassword = session?.kind === 'signed-in' && session.policy.requireMasterPassword;
  const error = useAppStore((s) => s.deviceApprovalError);
  const request = useAppStore((s) => s.requestDeviceApproval);
  const load = useAppStore((s) => s.loadDeviceApproval);
  const headingId = useId();

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section className="device-approval" aria-labelledby={headingId}>
      <h2 id={headingId}>Approve from another device</h2>
      {error ? <ErrorBanner error={error} /> : null}
      {state.kind === 'waiting' ? (
        <>
          <p>On a computer where your vault is open, Keyhaven asks you to pick this phrase:</p>
          <p className="fingerprint-phrase" aria-label="Fingerprint phrase">
            {state.phrase}
          </p>
          {state.approvers.length > 0 ? (
            <>
              <p>These devices of yours can approve:</p>
              <ul aria-label="Devices that can approve">
                {state.approvers.map((name) => (
                  <li key={name}>{name}</li>
                ))}
              </ul>
            </>
          ) : null}
          {state.administrator ? (
            <p role="note">Your administrator can also approve this device. They will ask you to read the phrase above to them; never read it to anyone else.</p>
          ) : state.masterPassword || hasMasterPassword ? (
            state.approvers.length === 0 ? (
              <p role="note">None of your devices can approve this one any more. Unlock with your master password above.</p>
            ) : null
          ) : (
            <p role="note">
              {state.approvers.length === 0
                ? 'Nobody is left to approve this device: none of your devices can open your vault, your vault has no master password and is not enrolled for recovery by an administrator.'
                : 'If you no longer have these devices, nobody else can approve this one: your vault has no master password and is not enrolled for recovery by an administrator.'}{' '}
              Your administrator can reset your vault: you would start again with an empty vault (the old one is kept, unreadable, for 90 days).
            </p>
          )}
          <p role="status">
            {state.seen
              ? 'Your other device has the request. Pick the phrase above there.'
              : state.unanswered
                ? 'Could not reach your other devices. Open Keyhaven on a computer where your vault is unlocked; this request keeps waiting until it expires.'
                : 'Waiting for your other devices…'}
          </p>
        </>
      ) : state.kind === 'approved' ? (
        <p role="status">Approved. Opening your vault…</p>
      ) : (
        <>
          {state.kind === 'refused' ? <ErrorBanner error={state.error} /> : null}
          <p className="muted">A computer where your vault is already open can give this one its key. Nothing that opens your vault passes through the server in readable form.</p>
          <button type="button" className="secondary" onClick={() => void request()}>
            {state.kind === 'refused' ? 'Ask again' : 'Ask my other devices'}
          </button>
        </>
      )}
    </section>
  );
}
