import { useEffect, useId, useRef, useState } from 'react';
import { useAppStore } from '../state/store-context';

export function BackupCodesSetup({ onEnrolled }: { onEnrolled: () => void }) {
  const codes = useAppStore((s) => s.backupCodes);
  const busy = useAppStore((s) => s.onboardingBusy);
  const createBackupCodes = useAppStore((s) => s.createBackupCodes);
  const [saved, setSaved] = useState(false);
  const titleId = useId();
  const savedId = useId();
  const title = useRef<HTMLHeadingElement>(null);

  // The button that made the codes is gone; keyboard and screen-reader users land on them.
  useEffect(() => {
    if (codes !== null) title.current?.focus();
  }, [codes]);

  if (codes === null) {
    return (
      <section className="method-panel" aria-label="Backup codes setup">
        <p>Each backup code works once. Keep them somewhere safe, away from this computer.</p>
        <button type="button" className="primary" disabled={busy !== null} onClick={() => void createBackupCodes()}>
          Create backup codes
        </button>
      </section>
    );
  }
  return (
    <section className="method-panel" aria-label="Backup codes setup">
      <h2 id={titleId} ref={title} tabIndex={-1} className="step-heading">
        Your backup codes
      </h2>
      <p className="banner banner-warning">Save these codes now: they are shown only once. Each code works once.</p>
      <ol className="backup-codes" aria-labelledby={titleId}>
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ol>
      <div className="check">
        <input id={savedId} type="checkbox" checked={saved} onChange={(e) => setSaved(e.target.checked)} />
        <label htmlFor={savedId}>I have saved these codes</label>
      </div>
      <div className="row">
        <button type="button" className="primary" disabled={!saved || busy !== null} onClick={onEnrolled}>
          Continue
        </button>
      </div>
    </section>
  );
}
