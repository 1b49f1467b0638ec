import { useState } from 'react';

/**
 * A website shown as text with a copy button. URLs are not secrets, so the renderer's own
 * clipboard is used (main's copy channel only takes username, password and code).
 */
export function CopyableUrl({ url, index }: { url: string; index: number }) {
  const [status, setStatus] = useState('');
  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
      setStatus('Website copied.');
    } catch {
      setStatus('Could not copy the website.');
    }
  }
  return (
    <span className="value-with-actions">
      <span className="url">{url}</span>
      <button type="button" className="secondary" aria-label={index === 0 ? 'Copy website' : `Copy website ${index + 1}`} onClick={() => void copy()}>
        Copy
      </button>
      <span role="status" className="sr-only">
        {status}
      </span>
    </span>
  );
}
