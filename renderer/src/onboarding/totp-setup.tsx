import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useAppStore } from '../state/store-context';

/** The QR image from the backend's SVG; a data: URL, because the CSP forbids inline markup. */
export function qrDataUrl(svg: string): string {
  return `data:image/svg+xml;base64,${btoa(svg)}`;
}

export function TotpSetup({ onEnrolled }: { onEnrolled: () => void }) {
  const enrolment = useAppStore((s) => s.totpEnrolment);
  const busy = useAppStore((s) => s.onboardingBusy);
  const beginTotp = useAppStore((s) => s.beginTotp);
  const confirmTotp = useAppStore((s) => s.confirmTotp);
  const [code, setCode] = useState('');
  const codeInput = useRef<HTMLInputElement>(null);
  const keyLabelId = useId();
  const codeId = useId();
  const codeHintId = useId();

  useEffect(() => {
    if (enrolment === null) void beginTotp();
    // Only on mount: a fresh secret per visit, kept while the user switches methods.
  }, [beginTotp]);

  async function verify(event: FormEvent) {
    event.preventDefault();
    if (busy !== null) return;
    if (await confirmTotp(code.trim())) {
      onEnrolled();
      return;
    }
    setCode('');
    codeInput.current?.focus();
  }

  if (enrolment === null) return null;
  return (
    <section className="method-panel" aria-label="Authenticator app setup">
      <p>Scan this QR code with your authenticator app, or type the setup key into it.</p>
      <div className="qr">
        <img src={qrDataUrl(enrolment.qrSvg)} alt="QR code for your authenticator app" />
      </div>
      <div role="group" aria-labelledby={keyLabelId} className="setup-key">
        <span id={keyLabelId} className="field-label">
          Manual setup key
        </span>
        <code>{enrolment.secret}</code>
      </div>
      <form onSubmit={(e) => void verify(e)} noValidate>
        <label htmlFor={codeId}>6-digit code</label>
        <input
          id={codeId}
          ref={codeInput}
          type="text"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          aria-describedby={codeHintId}
          value={code}
          onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
        />
        <p id={codeHintId} className="hint">
          Enter the code your app shows now, to prove it is set up.
        </p>
        <button type="submit" className="primary" disabled={code.length !== 6 || busy !== null}>
          Verify
        </button>
      </form>
    </section>
  );
}
