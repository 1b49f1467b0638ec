import type { ManagedSettingsView } from '../../preload/contract';
import type { ManagedConfig, ManagedConfigKey, ManagedConfigResult } from './managed-config';
import { SETTING_LABELS } from './settings';

/**
 * Every key of the organisation's managed configuration as Settings shows it: locked, worded
 * for people, with the file (managed.json or the macOS configuration profile) it came from.
 * A Record over the schema's keys, so a new managed key without words does not compile.
 */
const MANAGED_KEY_LABELS: Record<ManagedConfigKey, string> = {
  backendUrl: 'Server address',
  ssoDomain: 'Sign-in domain',
  ssoConnection: 'Sign-in connection',
  launchAtStartup: 'Launch at startup',
  startHidden: 'Start hidden in the tray',
  lockedSettings: 'Settings you cannot change',
  disableDemo: 'Demo mode',
  recoveryKeyFingerprint: 'Recovery key fingerprint',
};

function describe(key: ManagedConfigKey, config: ManagedConfig): string {
  switch (key) {
    case 'lockedSettings':
      return (config.lockedSettings ?? []).map((name) => SETTING_LABELS[name]).join(', ');
    case 'disableDemo':
      return config.disableDemo ? 'Turned off' : 'Allowed';
    default: {
      const value = config[key];
      return typeof value === 'boolean' ? (value ? 'On' : 'Off') : String(value);
    }
  }
}

export function managedSettingsView(managed: ManagedConfigResult): ManagedSettingsView {
  if (managed.kind !== 'ok') return { entries: [], warnings: [] };
  const keys = (Object.keys(MANAGED_KEY_LABELS) as ManagedConfigKey[]).filter((key) => managed.config[key] !== undefined);
  return {
    entries: keys.map((key) => ({
      key,
      label: MANAGED_KEY_LABELS[key],
      value: describe(key, managed.config),
      source: managed.sources?.[key] ?? managed.file,
    })),
    warnings: managed.warnings ?? [],
  };
}
