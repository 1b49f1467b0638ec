import type { AppInfo, ManagedSettingsView } from '../../preload/contract';
import type { SettingsStore } from '../platform/settings';
import type { BrowserCatalog } from '../platform/installed-browsers';
import type { ImportService } from '../import/import-service';
import type { DeviceTrust } from '../devices/device-trust';
import type { ApiClient } from '../api/api-client';
import type { SessionManager } from '../sso/session-manager';
import type { SignInFlow } from '../sso/sign-in-flow';
import type { ConnectionTestFlow } from '../sso/connection-test-flow';
import type { Keychain } from '../vault/keychain/keychain';
import type { DiagnosticsService } from '../platform/diagnostics';
import type { SaveTextFile } from '../platform/save-text-file';
import type { EventBus } from './event-bus';

/** What a host reads from and writes to the system clipboard. */
export interface Clipboard {
  writeText(text: string): void;
  readText(): string | Promise<string>;
  clear(): void;
}

/** Everything the handler table needs; each host builds it once (its composition root). */
export interface RuntimeServices {
  readonly info: () => Promise<AppInfo>;
  /** The app's one client of its backend's HTTP API (main/api/). */
  readonly backend: ApiClient;
  readonly signIn: SignInFlow;
  /** The admin area's "Test sign-in" of a connection (signs nobody in). */
  readonly connectionTests: ConnectionTestFlow;
  readonly sessions: SessionManager;
  /** Devices, approvals and the push channel (main/devices/). */
  readonly devices: DeviceTrust;
  readonly settings: SettingsStore;
  readonly clipboard: Clipboard;
  /** The OS keychain: checked before sign-in, because the session and the device key live there. */
  readonly keychain: Keychain;
  readonly openExternal: (url: string) => Promise<void | boolean>;
  readonly browsers: BrowserCatalog;
  readonly importer: ImportService;
  readonly bus: EventBus;
  readonly clipboardClearSeconds: () => Promise<number>;
  /** Settings → Save diagnostics. */
  readonly diagnostics: DiagnosticsService;
  /** The managed configuration's keys, for Settings. */
  readonly managedSettings: () => ManagedSettingsView;
  /** Electron's save dialog (exports); absent in the web host, where the page downloads the file. */
  readonly saveTextFile?: SaveTextFile;
  /** The renderer's origin for WebAuthn when it is not the packaged app's (the web host). */
  readonly webauthnOrigin?: string;
}
