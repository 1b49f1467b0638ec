import { useState } from 'react';
import type { RecordType } from '../../../preload/contract';
import { RevealToggle } from '../components/reveal-toggle';
import type { RecordFormErrors } from './record-form';
import { TEMPLATE_FIELDS, type TemplateField } from './record-types';

export interface TemplateFieldsEditorProps {
  readonly idPrefix: string;
  readonly type: RecordType;
  readonly values: Readonly<Record<string, string>>;
  readonly errors: RecordFormErrors;
  readonly onChange: (name: string, value: string) => void;
}

/** The named boxes of a payment card or an identity. */
export function TemplateFieldsEditor({ idPrefix, type, values, errors, onChange }: TemplateFieldsEditorProps) {
  return (
    <>
      {TEMPLATE_FIELDS[type].map((field, i) => (
        <TemplateInput
          key={field.name}
          id={`${idPrefix}-t${i}`}
          field={field}
          value={values[field.name] ?? ''}
          error={(errors as Readonly<Record<string, string | undefined>>)[field.name]}
          onChange={(v) => onChange(field.name, v)}
        />
      ))}
    </>
  );
}

function TemplateInput({ id, field, value, error, onChange }: { id: string; field: TemplateField; value: string; error: string | undefined; onChange: (v: string) => void }) {
  const [shown, setShown] = useState(false);
  const input = (
    <input
      id={id}
      type={field.hidden && !shown ? 'password' : 'text'}
      autoComplete={field.autoComplete ?? 'off'}
      inputMode={field.inputMode}
      placeholder={field.placeholder}
      spellCheck={false}
      aria-invalid={error ? true : undefined}
      aria-describedby={error ? `${id}-error` : undefined}
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  );
  return (
    <>
      <label htmlFor={id}>{field.name}</label>
      {field.hidden ? (
        <div className="input-with-actions">
          {input}
          <RevealToggle what={field.name.toLowerCase()} shown={shown} onToggle={() => setShown((s) => !s)} />
        </div>
      ) : (
        input
      )}
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </>
  );
}
