import { useAppStore } from '../state/store-context';
import { copiedMessage } from './record-form';

/** Always in the page so screen readers hear each copy; keyed by time so a repeat is re-announced. */
export function CopyStatus() {
  const copied = useAppStore((s) => s.copied);
  return (
    <p role="status" className="copy-status">
      {copied ? <span key={copied.at}>{copiedMessage(copied.field, copied.clearsInSeconds)}</span> : null}
    </p>
  );
}
