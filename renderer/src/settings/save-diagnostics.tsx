import { useState } from 'react';
import { useAppStore } from '../state/store-context';

/** Hands a text file to the browser as a download (the web host has no save dialog of its own). */
function download(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

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
      download(result.fileName, result.text);
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
