import { useId } from 'react';
import { MAPPED_FIELDS } from './import-formats';

const NONE = '';

export interface ColumnMappingProps {
  readonly headers: readonly string[];
  readonly mapping: Readonly<Record<string, string | null>>;
  readonly disabled: boolean;
  readonly onChange: (mapping: Readonly<Record<string, string | null>>) => void;
}

/** Generic CSV: which column feeds which field; each change asks main for a new preview. */
export function ColumnMapping({ headers, mapping, disabled, onChange }: ColumnMappingProps) {
  const id = useId();
  return (
    <fieldset className="column-mapping">
      <legend>Columns</legend>
      <p className="hint">Choose which column of your file holds each field. Other columns become custom fields.</p>
      <div className="mapping-grid">
        {MAPPED_FIELDS.map((field) => (
          <div key={field.key}>
            <label htmlFor={`${id}-${field.key}`}>{field.label}</label>
            <select
              id={`${id}-${field.key}`}
              value={mapping[field.key] ?? NONE}
              disabled={disabled}
              onChange={(e) => onChange({ ...mapping, [field.key]: e.target.value === NONE ? null : e.target.value })}
            >
              <option value={NONE}>— none —</option>
              {headers.map((h, i) => (
                <option key={`${i}-${h}`} value={h}>
                  {h}
                </option>
              ))}
            </select>
          </div>
        ))}
      </div>
    </fieldset>
  );
}
