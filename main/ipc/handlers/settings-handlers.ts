import type { HandlerTable, SettingsView } from '../../../preload/contract';
import type { EffectiveSettings } from '../../platform/settings';
import { EDITABLE_SETTING_NAMES } from '../../shared/setting-names';
import { policySettingsOptions } from '../../platform/apply-policy-settings';
import type { RuntimeServices } from '../runtime-services';

function view(effective: EffectiveSettings): SettingsView {
  const entries = EDITABLE_SETTING_NAMES.map((name) => {
    const setting = effective[name];
    return [name, { value: setting.value, managed: setting.managed, locked: setting.locked, source: setting.source }];
  });
  return Object.fromEntries(entries) as SettingsView;
}

export function settingsHandlers(
  s: RuntimeServices,
  onChange: (effective: EffectiveSettings) => Promise<void>,
): Pick<HandlerTable, 'getSettings' | 'updateSetting' | 'getManagedSettings' | 'saveDiagnostics'> {
  return {
    // The signed-in role's policy counts too (launchAtStartup), as it does when it is applied.
    getSettings: async () => view(await s.settings.effective(await policySettingsOptions(s.sessions))),
    async updateSetting({ name, value }) {
      const effective = await s.settings.update(name, value, policySettingsOptions(s.sessions));
      await onChange(effective);
      return view(effective);
    },
    getManagedSettings: async () => s.managedSettings(),
    saveDiagnostics: () => s.diagnostics.save(),
  };
}
