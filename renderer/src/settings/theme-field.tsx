import { useId } from 'react';
import { useAppStore } from '../state/store-context';
import { ManagedNote } from './managed-note';

const THEMES = [
  { value: 'system', label: 'Same as my system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
] as const;

export function ThemeField() {
  const view = useAppStore((s) => s.settings.theme);
  const updateSetting = useAppStore((s) => s.updateSetting);
  const id = useId();
  const managed = view !== undefined && (view.managed || view.locked);
  return (
    <div className="setting">
      <label htmlFor={id}>Theme</label>
      <select
        id={id}
        value={typeof view?.value === 'string' ? view.value : 'system'}
        disabled={view === undefined || managed}
        aria-describedby={managed ? `${id}-managed` : undefined}
        onChange={(e) => void updateSetting('theme', e.target.value)}
      >
        {THEMES.map((t) => (
          <option key={t.value} value={t.value}>
            {t.label}
          </option>
        ))}
      </select>
      {managed ? <ManagedNote id={`${id}-managed`} source={view.source} /> : null}
    </div>
  );
}
