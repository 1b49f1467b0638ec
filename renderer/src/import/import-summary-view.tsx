import { useEffect, useId, useRef } from 'react';
import type { ImportSummary } from '../../../preload/contract';
import { ProblemList } from './problem-list';

export function ImportSummaryView({ summary, onDone }: { summary: ImportSummary; onDone: () => void }) {
  const id = useId();
  const doneRef = useRef<HTMLButtonElement>(null);
  useEffect(() => doneRef.current?.focus(), []);
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{summary.cancelled ? 'Import cancelled' : 'Import finished'}</h3>
      <p role="status">
        Imported {summary.imported}, duplicates skipped {summary.duplicates}, problems {summary.reported}
      </p>
      {summary.updated > 0 ? <p>Of these, {summary.updated} were updated in place: items in your vault that nobody had edited since they were saved.</p> : null}
      <ProblemList problems={summary.problems} headingId={`${id}-problems`} />
      <div className="row">
        <button ref={doneRef} type="button" className="primary" onClick={onDone}>
          Done
        </button>
      </div>
    </section>
  );
}
