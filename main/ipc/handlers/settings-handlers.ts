import type { HandlerTable, SettingView } from '../../../preload/contract';
import type { EffectiveSettings } from '../../platform/settings';
import { SETTING_NAMES, type SettingName } from '../../platform/setting-names';
import { AppError } from '../../errors/app-error';
import { policySettingsOptions } from '../../platform/apply-policy-settings';
import type { RuntimeServices } from '../runtime-services';

function view(effective: EffectiveSettings): Record<string, SettingView> {
  const out: Record<string, SettingView> = {};
  for (const name of SETTING_NAMES) {
    if (name === 'lastEmail') continue;
    const setting = effective[name];
    out[name] = { value: setting.value, managed: setting.managed, locked: setting.locked, source: setting.source };
  }
  return out;
}

function isSettingName(name: string): name is SettingName {
  return (SETTING_NAMES as readonly string[]).includes(name);
}

export function settingsHandlers(
  s: RuntimeServices,
  onChange: (effective: EffectiveSettings) => Promise<void>,
): Pick<HandlerTable, 'getSettings' | 'updateSetting' | 'getManagedSettings' | 'saveDiagnostics'> {
  return {
    // The signed-in role's policy counts too (launchAtStartup), as it does when it is applied.
    getSettings: async () => view(await s.settings.effective(await policySettingsOptions(s.sessions))),
    async updateSetting({ name, value }) {
      if (!isSettingName(name) || name === 'lastEmail') throw new AppError('bad_request', `Unknown setting "${name}".`);
      const effective = await s.settings.update(name, value, await policySettingsOptions(s.sessions));
      await onChange(effective);
      return view(effective);
    },
    getManagedSettings: async () => s.managedSettings(),
    saveDiagnostics: () => s.diagnostics.save(),
  };
}
