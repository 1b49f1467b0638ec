import { useEffect, useId, useRef, useState } from 'react';
import { useAppStore } from '../state/store-context';
import { backupCodesText, downloadBackupCodes } from './backup-codes-file';

export interface BackupCodesSetupProps {
  /** The person confirmed they saved the codes. */
  readonly onEnrolled: () => void;
  /** The codes are on screen: nothing may lead away before they are confirmed saved. */
  readonly onShown?: () => void;
}

export function BackupCodesSetup({ onEnrolled, onShown }: BackupCodesSetupProps) {
  const codes = useAppStore((s) => s.backupCodes);
  const busy = useAppStore((s) => s.onboardingBusy);
  const createBackupCodes = useAppStore((s) => s.createBackupCodes);
  const [saved, setSaved] = useState(false);
  const [status, setStatus] = useState('');
  const titleId = useId();
  const savedId = useId();
  const title = useRef<HTMLHeadingElement>(null);

  // The button that made the codes is gone; keyboard and screen-reader users land on them.
  useEffect(() => {
    if (codes === null) return;
    title.current?.focus();
    onShown?.();
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

  async function copy(list: readonly string[]) {
    try {
      await navigator.clipboard.writeText(backupCodesText(list));
      setStatus('Backup codes copied.');
    } catch {
      setStatus('Could not copy: download or print them instead.');
    }
  }

  return (
    <section className="method-panel backup-codes-sheet" aria-label="Backup codes setup">
      <h2 id={titleId} ref={title} tabIndex={-1} className="step-heading">
        Your backup codes
      </h2>
      <p className="banner banner-warning">Save these codes now: they are shown only once. Each code works once.</p>
      <ol className="backup-codes" aria-labelledby={titleId}>
        {codes.map((c, i) => (
          <li key={c}>
            {/* Drawn inside the item (not as a list marker) so a two-digit number never runs into the next column. */}
            <span className="backup-code-number" aria-hidden="true">
              {i + 1}.
            </span>
            <code>{c}</code>
          </li>
        ))}
      </ol>
      <div className="row no-print">
        <button type="button" className="secondary" onClick={() => void copy(codes)}>
          Copy codes
        </button>
        <button
          type="button"
          className="secondary"
          onClick={() => {
            downloadBackupCodes(codes);
            setStatus('Backup codes downloaded.');
          }}
        >
          Download codes
        </button>
        <button type="button" className="secondary" onClick={() => window.print()}>
          Print codes
        </button>
      </div>
      <p role="status" className="hint no-print">
        {status}
      </p>
      <div className="check no-print">
        <input id={savedId} type="checkbox" checked={saved} onChange={(e) => setSaved(e.target.checked)} />
        <label htmlFor={savedId}>I have saved these codes</label>
      </div>
      <div className="row no-print">
        <button type="button" className="primary" disabled={!saved || busy !== null} onClick={onEnrolled}>
          Continue
        </button>
      </div>
    </section>
  );
}
