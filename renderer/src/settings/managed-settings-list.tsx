import { useEffect, useId } from 'react';
import { useAppStore } from '../state/store-context';

/** Every key of the organisation's managed configuration, read-only, with the file it came from. */
export function ManagedSettingsList() {
  const view = useAppStore((s) => s.managedSettings);
  const load = useAppStore((s) => s.loadManagedSettings);
  const headingId = useId();
  useEffect(() => {
    void load();
  }, [load]);
  if (view === null || (view.entries.length === 0 && view.warnings.length === 0)) return null;
  return (
    <section aria-labelledby={headingId} className="managed-settings">
      <h3 id={headingId}>Set by your organisation</h3>
      <p className="hint">These come from your organisation’s Keyhaven configuration and cannot be changed here.</p>
      <dl className="fields">
        {view.entries.map((entry) => (
          <div key={entry.key} className="field-row">
            <dt>{entry.label}</dt>
            <dd>
              {entry.value}
              <span className="hint"> — from {entry.source}</span>
            </dd>
          </div>
        ))}
      </dl>
      {view.warnings.map((warning) => (
        <p key={warning} className="hint">
          Ignored: {warning}
        </p>
      ))}
    </section>
  );
}
