import { useId } from 'react';
import { THEMES } from '../../../main/shared/setting-names';
import type { SettingValueOf } from '../../../preload/contract';
import { useAppStore } from '../state/store-context';
import { ManagedNote } from './managed-note';

type Theme = SettingValueOf<'theme'>;

const THEME_LABELS: Readonly<Record<Theme, string>> = {
  system: 'Same as my system',
  light: 'Light',
  dark: 'Dark',
};

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
        onChange={(e) => void updateSetting('theme', e.target.value as Theme)}
      >
        {THEMES.map((t) => (
          <option key={t} value={t}>
            {THEME_LABELS[t]}
          </option>
        ))}
      </select>
      {managed ? <ManagedNote id={`${id}-managed`} source={view.source} /> : null}
    </div>
  );
}
