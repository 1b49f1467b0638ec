import { useId } from 'react';
import type { ImportProgress } from '../../../preload/contract';

export function ImportRunning({ progress, onCancel }: { progress: ImportProgress; onCancel: () => void }) {
  const id = useId();
  const max = Math.max(progress.total, 1);
  return (
    <section aria-labelledby={`${id}-heading`} aria-busy="true">
      <h3 id={`${id}-heading`}>Importing…</h3>
      <label htmlFor={`${id}-progress`}>Import progress</label>
      <progress id={`${id}-progress`} className="progress" value={Math.min(progress.done, max)} max={max}>
        {progress.done} of {progress.total}
      </progress>
      <p role="status">
        {progress.done} of {progress.total}
      </p>
      <div className="row">
        <button type="button" className="danger" onClick={onCancel}>
          Cancel import
        </button>
      </div>
    </section>
  );
}
