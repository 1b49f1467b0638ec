import { access, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AppInfo, Events, HandlerTable, HostKind } from '../../preload/contract';
import { bannerFor, type ManagedConfigResult } from '../platform/managed-config';
import { createSettingsStore, settingValues, type EffectiveSettings } from '../platform/settings';
import { createBrowserCatalog } from '../platform/installed-browsers';
import type { TenantConfig } from '../backend/config/tenant-config';
import type { Backend } from '../backend/http/create-backend';
import { keychainSecretKey, loadOrCreateSecretKeyFile, secretKeyFromEnvironment } from '../backend/two-factor/secret-key';
import type { DemoEnvironment } from '../demo/demo-environment';
import type { DemoTenantSpec } from '../demo/demo-tenant';
import { reserveDemoBackendPort } from '../demo/demo-port';
import type { PortReservation } from '../demo/free-port';
import { createImportService } from '../import/import-service';
import { createOffThreadParser } from '../import/parse-off-thread';
import type { Logger } from '../log/logger';
import { createApiClient } from '../api/api-client';
import { loadDeviceIdentity } from '../sso/device-identity';
import { createSessionManager } from '../sso/session-manager';
import { createDeviceTrust } from '../devices/device-trust';
import { createSignInFlow } from '../sso/sign-in-flow';
import { createConnectionTestFlow } from '../sso/connection-test-flow';
import type { Keychain } from '../vault/keychain/keychain';
import { createPolicySettingsApplier, policySettingsOptions } from '../platform/apply-policy-settings';
import { createDiagnosticsService, type SaveFile } from '../platform/diagnostics';
import type { SaveTextFile } from '../platform/save-text-file';
import { managedSettingsView } from '../platform/managed-settings-view';
import { createHandlerTable } from '../ipc/create-handler-table';
import { createEventBus, type EventBus } from '../ipc/event-bus';
import type { Clipboard, RuntimeServices } from '../ipc/runtime-services';

export type BackendChoice =
  | { readonly kind: 'remote'; readonly url: string }
  | { readonly kind: 'embedded'; readonly config: TenantConfig | string; readonly db?: string }
  | { readonly kind: 'demo'; readonly spec?: DemoTenantSpec };

export interface RuntimeOptions {
  readonly host: HostKind;
  readonly version: string;
  readonly platform: NodeJS.Platform;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly userDataDir: string;
  readonly logger: Logger;
  readonly keychain: Keychain;
  readonly clipboard: Clipboard;
  /** The system browser: true when opened, false when not, nothing when the host cannot tell. */
  readonly openExternal: (url: string) => Promise<void | boolean>;
  readonly bringToFront: () => void;
  readonly managed: ManagedConfigResult;
  readonly backend: BackendChoice;
  readonly samlAcsPorts?: readonly number[];
  readonly signInTimeoutMs?: number;
  /** The built import worker (dist/main/import-worker.mjs): parsing runs off the main thread. */
  readonly importWorkerFile: string;
  /** The app's log folder (where the logger writes keyhaven.log): Save diagnostics bundles it. */
  readonly logDir?: string;
  /** Electron's save dialog for Save diagnostics; without it the page downloads the bundle. */
  readonly saveFile?: SaveFile;
  /** Electron's save dialog for exports; without it the page downloads the file. */
  readonly saveTextFile?: SaveTextFile;
  /** Applies launch-at-startup and similar settings to the OS (Electron only). */
  readonly applySettings?: (effective: EffectiveSettings) => Promise<void>;
  /**
   * Where the renderer runs when it is not the packaged app (the web host's http://localhost:<port>):
   * security keys are registered for this origin and RP ID, and an embedded backend accepts it.
   */
  readonly webauthn?: { readonly origin: string; readonly rpId: string };
}

export interface Runtime {
  readonly table: HandlerTable;
  readonly bus: EventBus;
  readonly services: RuntimeServices;
  readonly backendUrl: string;
  readonly demo: DemoEnvironment | null;
  readonly embedded: Backend | null;
  close(): Promise<void>;
}

/**
 * A runtime whose handler table already answers while the demo's backend has not started: the
 * host serves the first screen (which needs only this device's settings and keychain), then calls
 * `ready()`, which starts the identity providers and the backend and resolves to the whole
 * runtime once the backend answers — or rejects, with everything closed, when it cannot start.
 * A call to the backend made before that starts it too, and waits for it.
 */
export interface RuntimeStart {
  readonly table: HandlerTable;
  readonly bus: EventBus;
  readonly services: RuntimeServices;
  ready(): Promise<Runtime>;
  /**
   * Closes what has started: the services, and a backend once its start (if begun) has ended;
   * a demo backend that was never started only gives back its port. The same as the runtime's
   * `close()` once ready.
   */
  close(): Promise<void>;
}

export const DEFAULT_SAML_ACS_PORTS: readonly number[] = [47291, 47292, 47293];

/** Where the demo environment keeps its identity providers' keys, in the data folder. */
export const DEMO_IDP_KEYS_FILE = 'demo-idp-keys.json';

interface StartedBackend {
  readonly url: string;
  readonly embedded: Backend | null;
  readonly demo: DemoEnvironment | null;
}

/** Where the backend answers, known before it does, and its start (begun at the first call, then the same promise). */
interface BackendLaunch {
  readonly url: string;
  started(): Promise<StartedBackend>;
  /** Closes the backend once a start begun has ended; one never begun gives back its port. */
  close(): Promise<void>;
}

async function closeStarted(started: StartedBackend): Promise<void> {
  await started.embedded?.close();
  await started.demo?.close();
}

async function launchBackend(options: RuntimeOptions, samlAcsPorts: readonly number[]): Promise<BackendLaunch> {
  if (options.backend.kind !== 'demo') {
    const backend = await startBackend(options, samlAcsPorts);
    const started = Promise.resolve(backend);
    return { url: backend.url, started: () => started, close: () => closeStarted(backend) };
  }
  // The demo backend's port is chosen and held first, so its URL (which keys the session in the
  // keychain) is known before its identity providers and database start.
  const reservation = await reserveDemoBackendPort(options.userDataDir);
  const url = `http://127.0.0.1:${reservation.port}`;
  const spec = options.backend.spec;
  let started: Promise<StartedBackend> | null = null;
  return {
    url,
    started: () => (started ??= startDemoBackend(options, spec, samlAcsPorts, reservation, url)),
    async close() {
      if (started === null) return reservation.release();
      // A start that failed has closed what it had started.
      const backend = await started.catch(() => null);
      if (backend) await closeStarted(backend);
    },
  };
}

async function startDemoBackend(options: RuntimeOptions, spec: DemoTenantSpec | undefined, samlAcsPorts: readonly number[], reservation: PortReservation, url: string): Promise<StartedBackend> {
  const port = reservation.port;
  // Loaded here, not with the host: the backend's and the IdPs' packages (Fastify, Kysely, the
  // SAML and XML stacks, oidc-provider) are most of start-up's module loading, and the first
  // screen needs none of them.
  const [{ startDemoEnvironment }, { loadOrMakeDemoIdpKeys }, { createBackend, PACKAGED_APP_RELYING_PARTY }] = await Promise.all([
    import('../demo/demo-environment'),
    import('../demo/demo-idp-keys'),
    import('../backend/http/create-backend'),
  ]);
  const relyingParties = options.webauthn ? { webauthnRelyingParties: [PACKAGED_APP_RELYING_PARTY, options.webauthn] } : {};
  let demo: DemoEnvironment | null = null;
  let embedded: Backend | null = null;
  try {
    // The demo's IdP keys are kept in its data folder (0600), not made at every start.
    const { keys } = await loadOrMakeDemoIdpKeys(path.join(options.userDataDir, DEMO_IDP_KEYS_FILE));
    demo = await startDemoEnvironment({ ...(spec ? { spec } : {}), backendPort: port, samlAcsPorts, keys });
    // The demo keeps its own sealing key beside its database (0600), so two-factor survives restarts.
    const secretKey = await loadOrCreateSecretKeyFile(path.join(options.userDataDir, 'demo-backend.key'));
    embedded = await createBackend({ config: demo.config, db: path.join(options.userDataDir, 'demo-backend.sqlite'), logger: options.logger, loopbackAcsPorts: samlAcsPorts, secretKey, ...relyingParties });
    await reservation.release();
    const listening = await embedded.listen({ host: '127.0.0.1', port });
    if (listening !== url) throw new Error(`The demo backend listens on ${listening}, not on ${url}.`);
    return { url, embedded, demo };
  } catch (err) {
    await reservation.release().catch(() => undefined);
    await embedded?.close().catch(() => undefined);
    await demo?.close();
    throw err;
  }
}

async function startBackend(options: RuntimeOptions, samlAcsPorts: readonly number[]): Promise<StartedBackend> {
  const choice = options.backend;
  if (choice.kind === 'remote') return { url: choice.url.replace(/\/+$/, ''), embedded: null, demo: null };
  if (choice.kind === 'demo') throw new Error('the demo backend starts through launchBackend');
  const [{ loadTenantConfig }, { createBackend, PACKAGED_APP_RELYING_PARTY }] = await Promise.all([import('../backend/config/parse-tenant-config'), import('../backend/http/create-backend')]);
  const logger = options.logger;
  const relyingParties = options.webauthn ? { webauthnRelyingParties: [PACKAGED_APP_RELYING_PARTY, options.webauthn] } : {};
  const config = typeof choice.config === 'string' ? await loadTenantConfig(choice.config) : choice.config;
  const db = choice.db ?? path.join(options.userDataDir, 'backend.sqlite');
  // KEYHAVEN_SECRET_KEY(_FILE) when set (shared with other instances), else a key of this
  // embedded backend's own, kept in the OS keychain (never in a file).
  const secretKey = (await secretKeyFromEnvironment(process.env)) ?? (await keychainSecretKey(options.keychain, `embedded-backend|${db}|secret-key`));
  const embedded = await createBackend({
    config,
    db,
    secretKey,
    logger,
    loopbackAcsPorts: samlAcsPorts,
    ...relyingParties,
  });
  const url = await embedded.listen({ host: '127.0.0.1', port: 0 });
  return { url, embedded, demo: null };
}

/**
 * One composition of main's services, used by both hosts (Electron and the web host), handed
 * back as soon as its handler table can answer (see RuntimeStart).
 */
export async function startRuntime(options: RuntimeOptions): Promise<RuntimeStart> {
  await mkdir(options.userDataDir, { recursive: true, mode: 0o700 });
  const samlAcsPorts = options.samlAcsPorts ?? DEFAULT_SAML_ACS_PORTS;
  const bus = createEventBus();
  const logger = options.logger;
  const settings = createSettingsStore({
    userDataDir: options.userDataDir,
    fs: { readFile, writeFile, rename, mkdir },
    managed: options.managed,
    onProblem: (problem) => logger.warn({ problem }, 'user settings problem'),
  });
  // The banner's sentence and any retired managed key also go to the app log, for IT to find.
  const managedBanner = bannerFor(options.managed);
  if (managedBanner) logger.warn({ file: options.managed.kind === 'invalid' ? options.managed.file : null }, managedBanner);
  for (const warning of options.managed.kind === 'ok' ? (options.managed.warnings ?? []) : []) logger.warn(warning);
  const device = await loadDeviceIdentity(options.userDataDir, options.platform);
  const launch = await launchBackend(options, samlAcsPorts);
  // Calls made while the backend starts wait for it (within their usual timeout).
  const backend = createApiClient({
    baseUrl: launch.url,
    fetch: async (input, init) => {
      await launch.started();
      return globalThis.fetch(input, init);
    },
  });
  const sessions = createSessionManager({
    backend,
    keychain: options.keychain,
    device,
    logger,
    emit: (view) => bus.emit('session', view),
    onSessionChange: (session) => devices.follow(session),
    onVaultUnlocked: () => void devices.afterVaultOpen(),
    dataDir: options.userDataDir,
  });
  const devices = createDeviceTrust({
    backend,
    keychain: options.keychain,
    logger,
    sessions: () => sessions,
    emitApproval: (state) => bus.emit('deviceApproval', state),
    emitPrompts: (prompts) => bus.emit('approvalPrompts', prompts),
    recoveryPin: options.managed.kind === 'ok' ? (options.managed.config.recoveryKeyFingerprint ?? null) : null,
  });
  const signIn = createSignInFlow({
    backend,
    logger,
    openExternal: options.openExternal,
    onSignedIn: (answer) => sessions.signedIn(answer),
    emit: (state) => bus.emit('signInState', state),
    bringToFront: options.bringToFront,
    signedIn: async () => (await sessions.view()).kind === 'signed-in',
    ...(options.managed.kind === 'ok' && options.managed.config.ssoConnection ? { connectionId: options.managed.config.ssoConnection } : {}),
    device: () => device,
    samlAcsPorts,
    ...(options.signInTimeoutMs ? { timeoutMs: options.signInTimeoutMs } : {}),
  });
  const connectionTests = createConnectionTestFlow({ backend, logger, openExternal: options.openExternal, signIn, ...(options.signInTimeoutMs ? { timeoutMs: options.signInTimeoutMs } : {}) });
  const importer = createImportService({
    vault: () => {
      const active = sessions.active();
      return { vault: active.vault, allowImport: active.policy.allowImport };
    },
    onProgress: (progress) => bus.emit('importProgress', progress),
    logger,
    parse: createOffThreadParser(options.importWorkerFile),
  });
  const managedConfig = options.managed.kind === 'ok' ? options.managed.config : null;
  const info = async (): Promise<AppInfo> => {
    const values = settingValues(await settings.effective());
    return {
      name: 'Keyhaven',
      version: options.version,
      host: options.host,
      platform: options.platform,
      demo: options.backend.kind === 'demo',
      managedBanner: bannerFor(options.managed),
      lastEmail: values.lastEmail || null,
      presetSsoDomain: managedConfig?.ssoDomain ?? (values.ssoDomain || null),
    };
  };
  const services: RuntimeServices = {
    info,
    backend,
    signIn,
    connectionTests,
    sessions,
    devices,
    settings,
    clipboard: options.clipboard,
    keychain: options.keychain,
    openExternal: options.openExternal,
    browsers: createBrowserCatalog({
      platform: options.platform,
      env: options.env,
      exists: (p) => access(p).then(() => true, () => false),
    }),
    importer,
    bus,
    clipboardClearSeconds: async () => settingValues(await settings.effective()).clipboardClearSeconds,
    diagnostics: createDiagnosticsService({
      app: { version: options.version, host: options.host, platform: options.platform, arch: process.arch },
      settings: async () => settings.effective(await policySettingsOptions(sessions)),
      managed: options.managed,
      logDir: options.logDir ?? null,
      ...(options.saveFile ? { saveFile: options.saveFile } : {}),
    }),
    managedSettings: () => managedSettingsView(options.managed),
    ...(options.webauthn ? { webauthnOrigin: options.webauthn.origin } : {}),
    ...(options.saveTextFile ? { saveTextFile: options.saveTextFile } : {}),
  };
  if (options.applySettings) {
    const applyPolicySettings = createPolicySettingsApplier({
      settings,
      apply: options.applySettings,
      onError: (err) => logger.warn({ err }, 'settings of the role policy not applied'),
    });
    bus.subscribe((event, payload) => {
      if (event === 'session') void applyPolicySettings(payload as Events['session']);
    });
    // A session restored from the keychain emits no event: its role's policy applies at start too.
    void sessions.view().then(applyPolicySettings, (err: unknown) => logger.warn({ err }, 'session not restored for the role policy'));
  }
  const table = createHandlerTable(services, {
    deviceId: device.id,
    onSettingsChange: async (effective) => {
      await options.applySettings?.(effective);
    },
  });
  let closing: Promise<void> | null = null;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      devices.close();
      sessions.close();
      await connectionTests.close();
      await signIn.close();
      await launch.close();
    })());
  const whenReady = async (): Promise<Runtime> => {
    let started: StartedBackend;
    try {
      started = await launch.started();
    } catch (err) {
      await close();
      throw err;
    }
    if (started.embedded && started.demo?.samlIdp) {
      // IdP-initiated SAML needs the ACS listening before any sign-in starts.
      await signIn.listenForSaml().catch((err: unknown) => logger.warn({ err }, 'SAML loopback ACS not started'));
    }
    return {
      table,
      bus,
      services,
      backendUrl: started.url,
      demo: started.demo,
      embedded: started.embedded,
      close,
    };
  };
  let ready: Promise<Runtime> | null = null;
  return { table, bus, services, ready: () => (ready ??= whenReady()), close };
}
