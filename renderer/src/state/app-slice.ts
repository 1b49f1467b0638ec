import type { EditableSettingName } from '../../../main/shared/setting-names';
import type { AppInfo, ContractError, DiagnosticsResult, ManagedSettingsView, Result, SettingChange, SettingsView, SettingValueOf } from '../../../preload/contract';
import type { SliceCreator } from './app-store';

export interface AppSlice {
  readonly info: AppInfo | null;
  /** Empty until Settings first loads them. */
  readonly settings: Partial<SettingsView>;
  readonly settingsError: ContractError | null;
  readonly loadInfo: () => Promise<void>;
  readonly loadSettings: () => Promise<void>;
  readonly updateSetting: <K extends EditableSettingName>(name: K, value: SettingValueOf<K>) => Promise<void>;
  readonly managedSettings: ManagedSettingsView | null;
  readonly loadManagedSettings: () => Promise<void>;
  /** Settings → Save diagnostics; null when it failed (settingsError says why). */
  readonly saveDiagnostics: () => Promise<DiagnosticsResult | null>;
}

export const createAppSlice: SliceCreator<AppSlice> = (set, _get, api) => {
  // Answers about the settings may come back out of order (the web host's calls are separate
  // requests): one that comes after a later call's answer is older than what is shown, so it is dropped.
  let asked = 0;
  let shown = 0;
  const settingsAnswer = async (call: () => Promise<Result<SettingsView>>) => {
    const mine = (asked += 1);
    const result = await call();
    if (mine < shown) return;
    shown = mine;
    set(result.ok ? { settings: result.value, settingsError: null } : { settingsError: result.error });
  };
  return {
    info: null,
    settings: {},
    settingsError: null,
    async loadInfo() {
      const result = await api.getAppInfo({});
      if (result.ok) set({ info: result.value });
    },
    loadSettings: () => settingsAnswer(() => api.getSettings({})),
    updateSetting: (name, value) => settingsAnswer(() => api.updateSetting({ name, value } as SettingChange)),
    managedSettings: null,
    async loadManagedSettings() {
      const result = await api.getManagedSettings({});
      set(result.ok ? { managedSettings: result.value } : { settingsError: result.error });
    },
    async saveDiagnostics() {
      const result = await api.saveDiagnostics({});
      if (!result.ok) set({ settingsError: result.error });
      return result.ok ? result.value : null;
    },
  };
};
