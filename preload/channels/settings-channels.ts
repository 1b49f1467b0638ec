import { z } from 'zod';
import { EDITABLE_SETTING_NAMES, SETTING_SOURCES, THEMES, type EditableSettingName, type SettingName } from '../../main/shared/setting-names';
import { channel, none, type Wire } from './wire';

/** The person's settings (names: main/shared/setting-names.ts), managed ones, diagnostics. */

/**
 * The type of each setting's value. The rules a value must meet (an https URL, a domain name, a
 * number of seconds in range) are main/platform/settings.ts's, which refines these.
 */
const SETTING_VALUE_SCHEMAS = {
  launchAtStartup: z.boolean(),
  startHidden: z.boolean(),
  backendUrl: z.string().nullable(),
  ssoDomain: z.string().nullable(),
  clipboardClearSeconds: z.number(),
  theme: z.enum(THEMES),
  lastEmail: z.string().nullable(),
} as const satisfies Record<SettingName, z.ZodType>;

export type SettingValueOf<K extends SettingName> = z.output<(typeof SETTING_VALUE_SCHEMAS)[K]>;

const settingViewSchema = (value: z.ZodType) =>
  z.object({
    value,
    /** Set by the organisation (managed configuration or role policy). */
    managed: z.boolean(),
    /** The person cannot change it. */
    locked: z.boolean(),
    source: z.enum(SETTING_SOURCES).optional(),
  });

type SettingViewOf<K extends EditableSettingName> = {
  value: SettingValueOf<K>;
  managed: boolean;
  locked: boolean;
  source?: (typeof SETTING_SOURCES)[number];
};

/** Every editable setting with its value and where it comes from. */
const settingsViewSchema = z.object(
  Object.fromEntries(EDITABLE_SETTING_NAMES.map((name) => [name, settingViewSchema(SETTING_VALUE_SCHEMAS[name])])),
) as unknown as z.ZodType<{ [K in EditableSettingName]: SettingViewOf<K> }>;
export type SettingsView = Wire<z.infer<typeof settingsViewSchema>>;
export type SettingView = SettingsView[EditableSettingName];

/** A change of one setting: its name, and a value of that setting's type. */
export type SettingChange = { [K in EditableSettingName]: { name: K; value: SettingValueOf<K> } }[EditableSettingName];
const settingChangeSchema = z.discriminatedUnion(
  'name',
  EDITABLE_SETTING_NAMES.map((name) => z.object({ name: z.literal(name), value: SETTING_VALUE_SCHEMAS[name] }).strict()) as unknown as [
    z.ZodObject<{ name: z.ZodLiteral<EditableSettingName>; value: z.ZodType }>,
  ],
) as unknown as z.ZodType<SettingChange>;

/** Every key of the organisation's managed configuration, for Settings to show locked. */
export const managedSettingsViewSchema = z.object({
  entries: z.array(z.object({ key: z.string(), label: z.string(), value: z.string(), source: z.string() })),
  /** Keys that were ignored (retired), worded for people. */
  warnings: z.array(z.string()),
});

/** Settings → Save diagnostics: saved where the person chose, cancelled, or handed to the page to download. */
export const diagnosticsResultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('saved'), path: z.string() }),
  z.object({ kind: z.literal('cancelled') }),
  z.object({ kind: z.literal('download'), fileName: z.string(), text: z.string() }),
]);

export const SETTINGS_CHANNELS = {
  getSettings: channel(none, settingsViewSchema),
  updateSetting: channel(settingChangeSchema, settingsViewSchema),
  getManagedSettings: channel(none, managedSettingsViewSchema),
  saveDiagnostics: channel(none, diagnosticsResultSchema),
};
