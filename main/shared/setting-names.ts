/**
 * The closed list of user settings. Managed configuration may lock any of them
 * (`lockedSettings`), so the list is shared by managed-config.ts and settings.ts.
 */
export const SETTING_NAMES = [
  'launchAtStartup',
  'startHidden',
  'backendUrl',
  'ssoDomain',
  'clipboardClearSeconds',
  'theme',
  'lastEmail',
] as const;

export type SettingName = (typeof SETTING_NAMES)[number];

/** What `lockedSettings` may name: every setting but the personal ones. */
export const LOCKABLE_SETTING_NAMES = [
  'launchAtStartup',
  'startHidden',
  'backendUrl',
  'ssoDomain',
  'clipboardClearSeconds',
  'theme',
] as const satisfies readonly SettingName[];

export const THEMES = ['system', 'light', 'dark'] as const;

/** What Settings shows and changes: every setting but the remembered email. */
export const EDITABLE_SETTING_NAMES = [
  'launchAtStartup',
  'startHidden',
  'backendUrl',
  'ssoDomain',
  'clipboardClearSeconds',
  'theme',
] as const satisfies readonly SettingName[];

export type EditableSettingName = (typeof EDITABLE_SETTING_NAMES)[number];

/** Where a setting's value comes from: the default, the person, the managed configuration, the role's policy. */
export const SETTING_SOURCES = ['default', 'user', 'managed', 'policy'] as const;

export const CLIPBOARD_CLEAR_MAX_SECONDS = 600;
