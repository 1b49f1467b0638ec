/**
 * The one contract between renderer, preload and main. Every channel is one entry of `CONTRACT`:
 * its request schema (main checks every request against it before any handler runs) and its
 * result schema. The channel list, the request and result types (`z.infer`), the preload's
 * methods, both transports and the handler table's type all derive from that table.
 *
 * Adding a channel is one edit here (or in the area's file under channels/), plus its handler:
 *   1. add `myChannel: channel(requestSchema, resultSchema)` to the area's table in channels/
 *      (a request with no arguments is `none`; requests are `.strict()`; shapes the renderer
 *      also needs as constants go in main/shared/);
 *   2. implement it in main/ipc/handlers/ — the handler table `satisfies HandlerTable`, so it
 *      does not compile until the handler exists and takes and returns the schema's types.
 * Nothing else lists channels: the preload, the web host's bridge and both transports read
 * `CHANNELS`, and test/unit/ipc/contract-schemas.test.ts proves table and handlers agree.
 */
import { z } from 'zod';
import { ADMIN_CHANNELS } from './channels/admin-channels';
import { DEVICE_CHANNELS, approvalPromptSchema, deviceApprovalStateSchema } from './channels/device-channels';
import { IMPORT_CHANNELS, importProgressSchema, type importSummarySchema } from './channels/import-channels';
import { ONBOARDING_CHANNELS, type browserInfoSchema, type totpEnrolmentSchema } from './channels/onboarding-channels';
import { SESSION_CHANNELS, sessionViewSchema, signInStateSchema, type appInfoSchema, type signedInUserSchema } from './channels/session-channels';
import { SETTINGS_CHANNELS, type diagnosticsResultSchema, type managedSettingsViewSchema } from './channels/settings-channels';
import { SECURITY_CHANNELS } from './channels/security-channels';
import { VAULT_CHANNELS, type passwordCheckSchema } from './channels/vault-channels';
import type { ContractError, Wire } from './channels/wire';

export const CONTRACT = {
  ...SESSION_CHANNELS,
  ...ONBOARDING_CHANNELS,
  ...VAULT_CHANNELS,
  ...IMPORT_CHANNELS,
  ...DEVICE_CHANNELS,
  ...SETTINGS_CHANNELS,
  ...ADMIN_CHANNELS,
  ...SECURITY_CHANNELS,
};

export type Channel = keyof typeof CONTRACT;
export type RequestOf<C extends Channel> = Wire<z.output<(typeof CONTRACT)[C]['request']>>;
export type ResultOf<C extends Channel> = Wire<z.output<(typeof CONTRACT)[C]['result']>>;
export type Channels = { readonly [C in Channel]: { readonly request: RequestOf<C>; readonly result: ResultOf<C> } };

/** Every channel, in the table's order. */
export const CHANNELS = Object.keys(CONTRACT) as readonly Channel[];

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ContractError };

// The named shapes, for code on either side (all derived from the schemas above).
export type { ContractError } from './channels/wire';
export type { SessionView } from './channels/session-channels';
export type { ListCounts, ListFilter, VaultField, VaultRecord, VaultRecordDraft } from './channels/vault-channels';
export type { ImportPreview } from './channels/import-channels';
export type { DeviceView } from './channels/device-channels';
export type { AuthenticatorView, ExportFormat, ExportResult, SessionInfoView, TwoFactorView } from './channels/security-channels';
export type { SettingChange, SettingsView, SettingValueOf, SettingView } from './channels/settings-channels';
export type { RecordType } from '../main/shared/record-limits';
export type { StepId } from '../main/shared/onboarding-step-ids';
export type { PlannedStep } from '../main/policy/onboarding-steps';
export type AppInfo = Wire<z.output<typeof appInfoSchema>>;
export type HostKind = AppInfo['host'];
export type SignedInUser = Wire<z.output<typeof signedInUserSchema>>;
export type OnboardingView = Extract<ResultOf<'getSession'>, { kind: 'signed-in' }>['onboarding'];
export type SignInState = Wire<z.output<typeof signInStateSchema>>;
export type PasswordCheck = Wire<z.output<typeof passwordCheckSchema>>;
export type ImportSummary = Wire<z.output<typeof importSummarySchema>>;
export type ImportProgress = Wire<z.output<typeof importProgressSchema>>;
export type TotpEnrolment = Wire<z.output<typeof totpEnrolmentSchema>>;
export type BrowserInfo = Wire<z.output<typeof browserInfoSchema>>;
export type ManagedSettingsView = Wire<z.output<typeof managedSettingsViewSchema>>;
export type DiagnosticsResult = Wire<z.output<typeof diagnosticsResultSchema>>;
export type DeviceApprovalState = Wire<z.output<typeof deviceApprovalStateSchema>>;
export type ApprovalPrompt = Wire<z.output<typeof approvalPromptSchema>>;

/** Events: main → renderer, each with the schema of its payload. */
export const EVENT_SCHEMAS = {
  signInState: signInStateSchema,
  session: sessionViewSchema,
  importProgress: importProgressSchema,
  clipboardCleared: z.object({ field: z.string() }),
  deviceApproval: deviceApprovalStateSchema,
  approvalPrompts: z.array(approvalPromptSchema),
};

export type EventName = keyof typeof EVENT_SCHEMAS;
export type Events = { readonly [E in EventName]: Wire<z.output<(typeof EVENT_SCHEMAS)[E]>> };
export const EVENTS = Object.keys(EVENT_SCHEMAS) as readonly EventName[];

/** What `window.keyhaven` is. */
export type KeyhavenApi = {
  readonly [C in Channel]: (request: RequestOf<C>) => Promise<Result<ResultOf<C>>>;
} & {
  readonly on: <E extends EventName>(event: E, listener: (payload: Events[E]) => void) => () => void;
};

/** The table main implements; a missing or mistyped handler does not compile. */
export type HandlerTable = {
  readonly [C in Channel]: (request: RequestOf<C>, context: HandlerContext) => Promise<ResultOf<C>>;
};

export interface HandlerContext {
  readonly transport: 'ipc' | 'web';
}

export const IPC_PREFIX = 'keyhaven:';
export const EVENT_PREFIX = 'keyhaven-event:';

export function ipcChannelName(channel: Channel): string {
  return `${IPC_PREFIX}${channel}`;
}

export function ipcEventName(event: EventName): string {
  return `${EVENT_PREFIX}${event}`;
}
