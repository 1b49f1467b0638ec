import { useId } from 'react';
import type { VaultField } from '../../../preload/contract';

export interface CustomFieldsEditorProps {
  readonly fields: readonly VaultField[];
  readonly error: string | undefined;
  readonly onChange: (fields: readonly VaultField[]) => void;
}

export function CustomFieldsEditor({ fields, error, onChange }: CustomFieldsEditorProps) {
  const baseId = useId();
  const errorId = `${baseId}-error`;
  const update = (index: number, patch: Partial<VaultField>) => onChange(fields.map((f, i) => (i === index ? { ...f, ...patch } : f)));

  return (
    <fieldset className="custom-fields" aria-describedby={error ? errorId : undefined}>
      <legend>Custom fields</legend>
      {fields.length === 0 ? <p className="hint">No custom fields.</p> : null}
      <ol className="plain-list">
        {fields.map((field, i) => {
          const n = i + 1;
          return (
            <li key={i} className="custom-field">
              <div>
                <label htmlFor={`${baseId}-name-${i}`}>Field {n} name</label>
                <input id={`${baseId}-name-${i}`} type="text" value={field.name} onChange={(e) => update(i, { name: e.target.value })} />
              </div>
              <div>
                <label htmlFor={`${baseId}-value-${i}`}>Field {n} value</label>
                <input
                  id={`${baseId}-value-${i}`}
                  type={field.hidden ? 'password' : 'text'}
                  autoComplete="off"
                  value={field.value}
                  onChange={(e) => update(i, { value: e.target.value })}
                />
              </div>
              <div className="checkbox-row">
                <input id={`${baseId}-hidden-${i}`} type="checkbox" checked={field.hidden} onChange={(e) => update(i, { hidden: e.target.checked })} />
                <label htmlFor={`${baseId}-hidden-${i}`}>Hide field {n} value</label>
              </div>
              <button type="button" className="link" onClick={() => onChange(fields.filter((_, j) => j !== i))}>
                Remove field {n}
              </button>
            </li>
          );
        })}
      </ol>
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
      <button type="button" className="secondary" onClick={() => onChange([...fields, { name: '', value: '', hidden: false }])}>
        Add field
      </button>
    </fieldset>
  );
}
