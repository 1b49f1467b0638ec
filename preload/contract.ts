/**
 * The one contract between renderer, preload and main. Every channel is declared once here,
 * with its request and result types; the preload exposes exactly these methods, main's handler
 * table `satisfies` HandlerTable, and the web host serves the same table over loopback.
 */
import type { ErrorCode } from '../main/errors/app-error';
import type { EnforcementPolicy, TwoFactorMethod } from '../main/policy/enforcement-policy';
import type { OnboardingPlan, StepId } from '../main/policy/onboarding-steps';
import { ADMIN_CHANNELS, type AdminChannels } from './admin-contract';

export interface ContractError {
  readonly code: ErrorCode;
  readonly message: string;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ContractError };

export type HostKind = 'electron' | 'web';

export interface AppInfo {
  readonly name: 'Keyhaven';
  readonly version: string;
  readonly host: HostKind;
  readonly platform: string;
  readonly demo: boolean;
  /** A problem with the organisation's managed configuration, worded for the user. */
  readonly managedBanner: string | null;
  readonly lastEmail: string | null;
  /** Pre-set by the organisation: sign-in needs no typing. */
  readonly presetSsoDomain: string | null;
}

export interface SsoRoute {
  readonly connectionId: string;
  readonly type: 'saml' | 'oidc';
  readonly node: string;
}

export interface SignedInUser {
  readonly id: string;
  readonly email: string;
  readonly node: string;
  readonly role: string;
}

// The onboarding plan is the planner's own type: one definition for main, backend and renderer.
export type { StepId, StepStatus, PlannedStep } from '../main/policy/onboarding-steps';
export type OnboardingView = OnboardingPlan;
export type { TwoFactorMethod } from '../main/policy/enforcement-policy';

export type SessionView =
  /** reason: why the server ended the session of this running app (deactivated, device removed). */
  | { readonly kind: 'signed-out'; readonly reason?: ContractError }
  | {
      readonly kind: 'signed-in';
      readonly user: SignedInUser;
      readonly policy: EnforcementPolicy;
      readonly vaultExists: boolean;
      readonly vaultUnlocked: boolean;
      readonly secondFactor: 'not-needed' | 'required' | 'verified';
      readonly onboarding: OnboardingView;
    };

export type SignInState =
  | { readonly kind: 'idle' }
  | {
      readonly kind: 'waiting';
      readonly email: string;
      readonly connectionType: 'saml' | 'oidc';
      readonly authorizationUrl: string;
      readonly expiresAt: string;
      /** Whether the system browser was opened: 'unknown' where the host cannot tell. */
      readonly browser: 'opened' | 'failed' | 'unknown';
    }
  | { readonly kind: 'signed-in'; readonly session: SessionView }
  | { readonly kind: 'failed'; readonly error: ContractError }
  /**
   * A sign-in Keyhaven did not start (an IdP dashboard tile, a keyhaven:// link, or a response
   * posted while signed in or waiting) is only taken once the person confirms the account.
   */
  | { readonly kind: 'confirm'; readonly email: string; readonly source: 'identity-provider' | 'link'; readonly expiresAt: string };

export type RecordType = 'login' | 'note' | 'card' | 'identity';

export interface VaultField {
  readonly name: string;
  readonly value: string;
  readonly hidden: boolean;
}

export interface VaultRecord {
  readonly id: string;
  readonly type: RecordType;
  readonly title: string;
  readonly username: string;
  readonly password: string;
  readonly urls: readonly string[];
  readonly notes: string;
  readonly folder: string | null;
  readonly totp: string | null;
  readonly fields: readonly VaultField[];
  readonly favorite: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type VaultRecordDraft = Omit<VaultRecord, 'id' | 'createdAt' | 'updatedAt'> & { readonly id?: string };

export interface PasswordCheck {
  readonly ok: boolean;
  readonly unmet: readonly string[];
  readonly score: 0 | 1 | 2 | 3 | 4;
  readonly label: string;
}

export interface ImportPreview {
  readonly importId: string;
  readonly format: string;
  readonly formatLabel: string;
  readonly candidates: readonly { readonly id: string; readonly label: string; readonly confidence: number }[];
  readonly rows: number;
  readonly counts: {
    readonly logins: number;
    readonly notes: number;
    readonly cards: number;
    readonly identities: number;
    readonly folders: number;
    readonly totp: number;
    readonly duplicates: number;
    readonly problems: number;
    /** With duplicates 'skip', re-importing: new items, vault items updated in place, and items left alone (edited since, unchanged, or duplicated in the file). */
    readonly added: number;
    readonly updated: number;
    readonly leftAlone: number;
  };
  readonly problems: readonly { readonly line: number; readonly message: string }[];
  /** Generic CSV only: the header row and the guessed mapping the user may change. */
  readonly mapping: { readonly headers: readonly string[]; readonly guess: Readonly<Record<string, string | null>> } | null;
}

export interface ImportSummary {
  readonly importId: string;
  readonly rows: number;
  readonly imported: number;
  /** Of `imported`, vault items updated in place (matched, not edited since they were saved). */
  readonly updated: number;
  readonly duplicates: number;
  readonly reported: number;
  readonly cancelled: boolean;
  readonly problems: readonly { readonly line: number; readonly message: string }[];
}

export interface ImportProgress {
  readonly importId: string;
  readonly done: number;
  readonly total: number;
}

export interface TotpEnrolment {
  readonly secret: string;
  readonly otpauthUri: string;
  readonly qrSvg: string;
}

export interface BrowserInfo {
  readonly id: 'chrome' | 'chromium' | 'edge' | 'firefox' | 'brave' | 'vivaldi' | 'safari';
  readonly name: string;
  readonly installed: boolean;
  readonly storeUrl: string;
}

export interface SettingView {
  readonly value: unknown;
  readonly managed: boolean;
  readonly locked: boolean;
  /** Where the value comes from: the managed configuration, the role's policy, the person, or the default. */
  readonly source?: 'default' | 'user' | 'managed' | 'policy';
}

/** Every key of the organisation's managed configuration, for Settings to show locked. */
export interface ManagedSettingsView {
  readonly entries: readonly { readonly key: string; readonly label: string; readonly value: string; readonly source: string }[];
  /** Keys that were ignored (retired), worded for people. */
  readonly warnings: readonly string[];
}

/** Settings → Save diagnostics: saved where the person chose, cancelled, or handed to the page to download. */
export type DiagnosticsResult =
  | { readonly kind: 'saved'; readonly path: string }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'download'; readonly fileName: string; readonly text: string };

/** Settings → Devices: one of the signed-in user's devices. */
export interface DeviceView {
  readonly id: string;
  readonly name: string;
  readonly platform: string;
  readonly createdAt: string;
  readonly lastSeenAt: string;
  /** The vault holds a data key for it. */
  readonly trusted: boolean;
  /** This device. */
  readonly current: boolean;
}

/** The new device's side of an approval request. */
export type DeviceApprovalState =
  | { readonly kind: 'idle' }
  | {
      readonly kind: 'waiting';
      readonly requestId: string;
      /** The five words to compare with the ones the approving device offers. */
      readonly phrase: string;
      readonly expiresAt: string;
      /** The names of the person's devices that can approve (empty: nobody left to approve). */
      readonly approvers: readonly string[];
      /** A trusted device has shown the request. */
      readonly seen: boolean;
      /** No device showed it within 15 s (still waiting in the background). */
      readonly unanswered: boolean;
    }
  | { readonly kind: 'approved' }
  | { readonly kind: 'refused'; readonly error: ContractError };

/** A trusted device's view of a request to approve: pick the phrase the new device shows. */
export interface ApprovalPrompt {
  readonly requestId: string;
  readonly deviceName: string;
  readonly platform: string;
  /** Where the request came from (the IP address the backend saw). */
  readonly ip: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  /** Four phrases, one of them the new device's, in random order. */
  readonly candidates: readonly string[];
}

/** Channels: name → request and result. One object argument each (the admin area's: admin-contract.ts). */
export interface Channels extends AdminChannels {
  getAppInfo: { request: Record<string, never>; result: AppInfo };
  lookupSso: { request: { email: string }; result: SsoRoute };
  startSignIn: { request: { email: string }; result: SignInState };
  reopenSignInPage: { request: Record<string, never>; result: { opened: boolean } };
  cancelSignIn: { request: Record<string, never>; result: SignInState };
  confirmSignIn: { request: { accept: boolean }; result: SignInState };
  getSignInState: { request: Record<string, never>; result: SignInState };
  getSession: { request: Record<string, never>; result: SessionView };
  signOut: { request: Record<string, never>; result: SessionView };

  completeOnboardingStep: { request: { step: StepId; result: 'done' | 'skipped' }; result: SessionView };
  listBrowsers: { request: Record<string, never>; result: readonly BrowserInfo[] };
  openExtensionStore: { request: { browser: BrowserInfo['id'] }; result: { opened: boolean } };

  getTwoFactor: { request: Record<string, never>; result: { enrolled: readonly TwoFactorMethod[]; allowed: readonly TwoFactorMethod[] } };
  beginTotp: { request: Record<string, never>; result: TotpEnrolment };
  confirmTotp: { request: { code: string }; result: SessionView };
  createBackupCodes: { request: Record<string, never>; result: { codes: readonly string[] } };
  webauthnRegisterOptions: { request: Record<string, never>; result: { options: unknown } };
  webauthnRegisterVerify: { request: { response: unknown }; result: SessionView };
  webauthnAuthenticateOptions: { request: Record<string, never>; result: { options: unknown } };
  webauthnAuthenticateVerify: { request: { response: unknown; rememberDevice: boolean }; result: SessionView };
  verifySecondFactor: { request: { method: 'totp' | 'backup_code'; code: string; rememberDevice: boolean }; result: SessionView };

  checkMasterPassword: { request: { password: string }; result: PasswordCheck };
  createVault: { request: { masterPassword: string | null }; result: SessionView };
  unlockVault: { request: { masterPassword: string | null }; result: SessionView };
  lockVault: { request: Record<string, never>; result: SessionView };
  listRecords: { request: { query: string }; result: readonly VaultRecord[] };
  saveRecord: { request: { record: VaultRecordDraft }; result: VaultRecord };
  deleteRecord: { request: { id: string }; result: { id: string } };
  restoreRecord: { request: { id: string }; result: VaultRecord };
  /** Moves items between folders (rename, delete a folder keeping its items, move): one atomic save. */
  setFolders: { request: { changes: readonly { readonly id: string; readonly folder: string | null }[] }; result: { saved: number } };
  generatePassword: { request: Record<string, never>; result: { password: string } };
  /**
   * Electron: main writes the system clipboard and clears it (`text` is null). Web host: main has
   * no clipboard of the person's, so `text` is returned for the page to write and clear itself.
   */
  copyToClipboard: { request: { recordId: string; field: 'username' | 'password' | 'totp' }; result: { clearsInSeconds: number; text: string | null } };
  /** The person typed, clicked or scrolled: the policy's idle lock counts from the last one. */
  noteActivity: { request: Record<string, never>; result: { noted: true } };
  totpCode: { request: { recordId: string }; result: { code: string; secondsLeft: number } };
  /** Records whose stored envelope failed its integrity check: not listed, reported by id. */
  listDamagedRecords: { request: Record<string, never>; result: readonly { readonly id: string; readonly message: string }[] };

  previewImport: {
    request: { fileName: string; dataBase64: string; format: string | null; password: string | null; mapping: Readonly<Record<string, string | null>> | null };
    result: ImportPreview;
  };
  runImport: { request: { importId: string; duplicates: 'skip' | 'import' }; result: ImportSummary };
  cancelImport: { request: { importId: string }; result: { cancelled: boolean } };

  listDevices: { request: Record<string, never>; result: readonly DeviceView[] };
  removeDevice: { request: { deviceId: string }; result: readonly DeviceView[] };
  requestDeviceApproval: { request: Record<string, never>; result: DeviceApprovalState };
  getDeviceApproval: { request: Record<string, never>; result: DeviceApprovalState };
  getApprovalPrompts: { request: Record<string, never>; result: readonly ApprovalPrompt[] };
  /** A new data key for the vault, re-wrapped for the devices that keep access (after removing one). */
  rotateVaultKey: { request: { masterPassword: string | null }; result: { records: number } };
  answerApprovalPrompt: {
    request: { requestId: string; answer: { kind: 'pick'; phrase: string } | { kind: 'deny' } };
    result: { outcome: 'approved' | 'wrong_phrase' | 'denied' };
  };

  getSettings: { request: Record<string, never>; result: Readonly<Record<string, SettingView>> };
  updateSetting: { request: { name: string; value: unknown }; result: Readonly<Record<string, SettingView>> };
  getManagedSettings: { request: Record<string, never>; result: ManagedSettingsView };
  saveDiagnostics: { request: Record<string, never>; result: DiagnosticsResult };
}

export type Channel = keyof Channels;
export type RequestOf<C extends Channel> = Channels[C]['request'];
export type ResultOf<C extends Channel> = Channels[C]['result'];

/** The runtime list of channels; a test proves it equals `keyof Channels`. */
export const CHANNELS = [
  'getAppInfo',
  'lookupSso',
  'startSignIn',
  'reopenSignInPage',
  'cancelSignIn',
  'confirmSignIn',
  'getSignInState',
  'getSession',
  'signOut',
  'completeOnboardingStep',
  'listBrowsers',
  'openExtensionStore',
  'getTwoFactor',
  'beginTotp',
  'confirmTotp',
  'createBackupCodes',
  'webauthnRegisterOptions',
  'webauthnRegisterVerify',
  'webauthnAuthenticateOptions',
  'webauthnAuthenticateVerify',
  'verifySecondFactor',
  'checkMasterPassword',
  'createVault',
  'unlockVault',
  'lockVault',
  'listRecords',
  'saveRecord',
  'deleteRecord',
  'restoreRecord',
  'setFolders',
  'generatePassword',
  'copyToClipboard',
  'noteActivity',
  'totpCode',
  'listDamagedRecords',
  'previewImport',
  'runImport',
  'cancelImport',
  'listDevices',
  'removeDevice',
  'requestDeviceApproval',
  'getDeviceApproval',
  'getApprovalPrompts',
  'rotateVaultKey',
  'answerApprovalPrompt',
  'getSettings',
  'updateSetting',
  'getManagedSettings',
  'saveDiagnostics',
  ...ADMIN_CHANNELS,
] as const satisfies readonly Channel[];

type MissingChannels = Exclude<Channel, (typeof CHANNELS)[number]>;
// Compile-time proof that CHANNELS lists every channel.
export const ALL_CHANNELS_LISTED: MissingChannels extends never ? true : MissingChannels = true;

/** Events: main → renderer. */
export interface Events {
  signInState: SignInState;
  session: SessionView;
  importProgress: ImportProgress;
  clipboardCleared: { readonly field: string };
  deviceApproval: DeviceApprovalState;
  approvalPrompts: readonly ApprovalPrompt[];
}

export type EventName = keyof Events;
export const EVENTS = ['signInState', 'session', 'importProgress', 'clipboardCleared', 'deviceApproval', 'approvalPrompts'] as const satisfies readonly EventName[];
type MissingEvents = Exclude<EventName, (typeof EVENTS)[number]>;
export const ALL_EVENTS_LISTED: MissingEvents extends never ? true : MissingEvents = true;

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
