import { useId } from 'react';
import type { ImportPreview } from '../../../preload/contract';
import { ColumnMapping } from './column-mapping';
import { itemsToImport } from './import-formats';
import { ProblemList } from './problem-list';

export interface ImportPreviewViewProps {
  readonly preview: ImportPreview;
  readonly mapping: Readonly<Record<string, string | null>> | null;
  readonly duplicates: 'skip' | 'import';
  readonly busy: boolean;
  readonly onMappingChange: (mapping: Readonly<Record<string, string | null>>) => void;
  readonly onDuplicatesChange: (choice: 'skip' | 'import') => void;
  readonly onImport: () => void;
}

export function ImportPreviewView({ preview, mapping, duplicates, busy, onMappingChange, onDuplicatesChange, onImport }: ImportPreviewViewProps) {
  const id = useId();
  const { counts } = preview;
  const n = itemsToImport(counts, duplicates);
  const rows: [string, number][] = [['Logins', counts.logins], ['Secure notes', counts.notes]];
  if (counts.cards > 0) rows.push(['Cards', counts.cards]);
  if (counts.identities > 0) rows.push(['Identities', counts.identities]);
  rows.push(['Folders', counts.folders], ['With TOTP', counts.totp], ['Duplicates', counts.duplicates], ['Problems', counts.problems]);
  // Re-importing (something matches the vault): say what a merge does with each item.
  const merging = duplicates === 'skip' && counts.updated + counts.leftAlone > 0;
  if (merging) rows.push(['Will be added', counts.added], ['Will be updated', counts.updated], ['Left alone', counts.leftAlone]);

  return (
    <section aria-labelledby={`${id}-heading`} className="import-preview">
      <h3 id={`${id}-heading`}>Preview</h3>
      <p>
        Detected format: <strong>{preview.formatLabel}</strong>
      </p>
      <dl className="import-counts">
        {rows.map(([label, value]) => (
          <div key={label} className="count-pair">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {preview.mapping ? (
        <ColumnMapping headers={preview.mapping.headers} mapping={mapping ?? preview.mapping.guess} disabled={busy} onChange={onMappingChange} />
      ) : null}
      <ProblemList problems={preview.problems} headingId={`${id}-problems`} />
      <fieldset className="duplicates" role="radiogroup" aria-labelledby={`${id}-dup-legend`}>
          <legend id={`${id}-dup-legend`}>Duplicates</legend>
          <div className="checkbox-row">
            <input id={`${id}-skip`} type="radio" name={`${id}-dup`} checked={duplicates === 'skip'} onChange={() => onDuplicatesChange('skip')} />
            <label htmlFor={`${id}-skip`}>Skip duplicates (update the ones nobody edited since they were saved)</label>
          </div>
          <div className="checkbox-row">
            <input id={`${id}-import`} type="radio" name={`${id}-dup`} checked={duplicates === 'import'} onChange={() => onDuplicatesChange('import')} />
            <label htmlFor={`${id}-import`}>Import them anyway</label>
          </div>
        </fieldset>
      <div className="row">
        <button type="button" className="primary" disabled={busy || n === 0} onClick={onImport}>
          Import {n} item{n === 1 ? '' : 's'}
        </button>
      </div>
    </section>
  );
}
