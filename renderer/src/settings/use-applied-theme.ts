import { useEffect } from 'react';
import { useAppStore } from '../state/store-context';

type AppliedTheme = 'system' | 'light' | 'dark';

/** The theme setting as the root element's data-theme, which styles.css keys its colours on. */
function applyTheme(root: { dataset: DOMStringMap }, value: unknown): AppliedTheme {
  const theme: AppliedTheme = value === 'light' || value === 'dark' ? value : 'system';
  root.dataset.theme = theme;
  return theme;
}

/** Loads the settings once at start and keeps the root's theme in step with them. */
export function useAppliedTheme(): void {
  const theme = useAppStore((s) => s.settings.theme?.value);
  const loaded = useAppStore((s) => Object.keys(s.settings).length > 0);
  const loadSettings = useAppStore((s) => s.loadSettings);
  useEffect(() => {
    if (!loaded) void loadSettings();
  }, [loaded, loadSettings]);
  useEffect(() => {
    applyTheme(document.documentElement, theme);
  }, [theme]);
}
