import { useState } from 'react';
import { downloadText } from '../components/download-text';
import { useAppStore } from '../state/store-context';


export function SaveDiagnostics() {
  const saveDiagnostics = useAppStore((s) => s.saveDiagnostics);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);

  async function save() {
    setBusy(true);
    setStatus(null);
    const result = await saveDiagnostics();
    setBusy(false);
    if (result === null || result.kind === 'cancelled') return;
    if (result.kind === 'download') {
      downloadText(result.fileName, result.text, 'application/json');
      setStatus(`Diagnostics downloaded as ${result.fileName}.`);
    } else {
      setStatus(`Diagnostics saved to ${result.path}.`);
    }
  }

  return (
    <div className="setting">
      <p className="hint">
        For your IT department: the app log with the app’s version, platform and settings, in one file. Passwords, keys and sign-in tokens are never in it.
      </p>
      <button type="button" onClick={() => void save()} disabled={busy}>
        Save diagnostics…
      </button>
      <p role="status" className="hint">
        {status}
      </p>
    </div>
  );
}
