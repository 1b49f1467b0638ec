export interface SelectOption {
  readonly value: string;
  readonly label: string;
}

/** A labelled select; `''` is the "any" choice when `anyLabel` is given. */
export function SelectField({ id, label, value, options, anyLabel, onChange }: { id: string; label: string; value: string; options: readonly SelectOption[]; anyLabel?: string; onChange: (value: string) => void }) {
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {anyLabel !== undefined ? <option value="">{anyLabel}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Options whose label is their value. */
export const plainOptions = (values: readonly string[]): SelectOption[] => values.map((v) => ({ value: v, label: v }));
