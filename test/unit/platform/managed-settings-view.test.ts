import { describe, expect, it } from 'vitest';
import { managedSettingsView } from '../../../main/platform/managed-settings-view';

describe('managedSettingsView', () => {
  it('lists every managed key, worded, with the file it came from', () => {
    const json = '/Library/Application Support/Keyhaven/managed.json';
    const plist = '/Library/Managed Preferences/com.keyhaven.app.plist';
    const view = managedSettingsView({
      kind: 'ok',
      file: json,
      files: [json, plist],
      config: {
        backendUrl: 'https://vault.acme.com',
        ssoDomain: 'acme.com',
        ssoConnection: 'acme-okta',
        launchAtStartup: true,
        startHidden: false,
        lockedSettings: ['backendUrl', 'clipboardClearSeconds'],
        disableDemo: true,
      },
      sources: { backendUrl: json, ssoDomain: plist, ssoConnection: json, launchAtStartup: plist, startHidden: json, lockedSettings: plist, disableDemo: json },
      warnings: ['retired key'],
    });
    expect(view.entries).toEqual([
      { key: 'backendUrl', label: 'Server address', value: 'https://vault.acme.com', source: json },
      { key: 'ssoDomain', label: 'Sign-in domain', value: 'acme.com', source: plist },
      { key: 'ssoConnection', label: 'Sign-in connection', value: 'acme-okta', source: json },
      { key: 'launchAtStartup', label: 'Launch at startup', value: 'On', source: plist },
      { key: 'startHidden', label: 'Start hidden in the tray', value: 'Off', source: json },
      { key: 'lockedSettings', label: 'Settings you cannot change', value: 'Server address, Clipboard clearing', source: plist },
      { key: 'disableDemo', label: 'Demo mode', value: 'Turned off', source: json },
    ]);
    expect(view.warnings).toEqual(['retired key']);
  });

  it('is empty without a usable managed configuration', () => {
    expect(managedSettingsView({ kind: 'none' })).toEqual({ entries: [], warnings: [] });
    expect(managedSettingsView({ kind: 'invalid', file: '/etc/keyhaven/managed.json', problem: 'x' })).toEqual({ entries: [], warnings: [] });
  });
});
