import type { EditableSettingName } from '../../../main/shared/setting-names';
import type { AppInfo, ContractError, DiagnosticsResult, ManagedSettingsView, SettingChange, SettingsView, SettingValueOf } from '../../../preload/contract';
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

export const createAppSlice: SliceCreator<AppSlice> = (set, _get, api) => ({
  info: null,
  settings: {},
  settingsError: null,
  async loadInfo() {
    const result = await api.getAppInfo({});
    if (result.ok) set({ info: result.value });
  },
  async loadSettings() {
    const result = await api.getSettings({});
    set(result.ok ? { settings: result.value, settingsError: null } : { settingsError: result.error });
  },
  async updateSetting(name, value) {
    const result = await api.updateSetting({ name, value } as SettingChange);
    set(result.ok ? { settings: result.value, settingsError: null } : { settingsError: result.error });
  },
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
});
