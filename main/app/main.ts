// The Electron composition root: the only place that starts Electron. Everything it wires is
// unit-tested in plain Node (window options, navigation guards, protocol handler, IPC
// transport); the services are the same ones the web host runs.
import { app, BrowserWindow, clipboard, dialog, ipcMain, Menu, Notification, powerMonitor, protocol, session, shell, Tray, nativeImage } from 'electron';
import { readFile, writeFile, mkdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../log/logger';
import type { Events } from '../../preload/contract';
import { startRuntime, type Runtime } from '../runtime/create-runtime';
import { decideStartup } from '../runtime/startup-policy';
import { forwardEventsToWindows, registerIpcHandlers } from '../ipc/electron-transport';
import { createKeytarKeychain } from '../vault/keychain/keytar-keychain';
import { settingValues, type EffectiveSettings } from '../platform/settings';
import { APP_ENTRY_URL, APP_SCHEME } from './app-origin';
import { createAppProtocolHandler } from './app-protocol';
import { DEEP_LINK_SCHEME, findDeepLink, followDeepLink } from '../runtime/deep-link';
import { createHiddenStartFlow, HIDDEN_FLAG, shouldStartHidden, signInTargetOf, silentSignInTarget } from '../runtime/hidden-start';
import { applyLaunchAtStartup } from './login-item';
import { loadManagedConfig } from '../platform/managed-config';
import { permissionAllowed, shouldBlockNavigation, windowOpenDecision, isExternalWebUrl } from './navigation-guard';
import { buildTrayMenu, trayTooltip } from './tray-menu';
import { createTrayStateKeeper } from './tray-state';
import { lockOnSystemEvents } from './system-lock';
import { createSaveFileDialog } from './save-file-dialog';
import { isTrustedFrame } from './trusted-sender';
import { mainWindowOptions } from './window-options';
import { silentSignIn } from '../sso/silent-sign-in';
import { applyHeapSettings } from '../process/heap-settings';

// First, before the process's work: V8's heap settings (main/process/heap-settings.ts).
applyHeapSettings();

// The app log: stderr and userData/logs/keyhaven.log (size-rotated), which Save diagnostics bundles.
const logDir = path.join(app.getPath('userData'), 'logs');
const logger = createLogger({ logFile: { dir: logDir } });
const distDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void start();
}

async function start(): Promise<void> {
  let window: BrowserWindow | null = null;
  let tray: Tray | null = null;
  let runtime: Runtime | null = null;
  const trayState = createTrayStateKeeper(() => refreshTray());

  const showWindow = (): void => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };
  const handleDeepLink = (raw: string | null): void => {
    showWindow();
    if (!raw || !runtime) return;
    const services = runtime.services;
    void followDeepLink(raw, { signIn: services.signIn, signedIn: async () => (await services.sessions.view()).kind === 'signed-in' }).then(
      (outcome) => logger.info({ outcome }, 'keyhaven:// link'),
      (err: unknown) => logger.warn({ err }, 'keyhaven:// link failed'),
    );
  };
  app.on('second-instance', (_event, argv) => {
    // A second login start (machine-wide Run entry plus the user's own) must not pop the window.
    const link = findDeepLink(argv);
    if (link === null && argv.includes(HIDDEN_FLAG)) return;
    handleDeepLink(link);
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    handleDeepLink(url);
  });
  if (!app.isDefaultProtocolClient(DEEP_LINK_SCHEME)) app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);

  await app.whenReady();
  protocol.handle(APP_SCHEME, createAppProtocolHandler(path.join(distDir, 'renderer')));
  session.defaultSession.setPermissionRequestHandler((wc, permission, callback) => callback(permissionAllowed(permission, wc.getURL())));
  session.defaultSession.setPermissionCheckHandler((wc, permission) => permissionAllowed(permission, wc ? wc.getURL() : ''));
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (shouldBlockNavigation(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (shouldBlockNavigation(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler((details) => windowOpenDecision(details, (url) => void shell.openExternal(url)));
  });

  const managed = await loadManagedConfig({
    platform: process.platform,
    env: process.env,
    readFile: (p) => readFile(p),
    // Configuration profiles are often binary plists; plutil turns them into XML.
    plistToXml: (file) =>
      new Promise((resolve, reject) =>
        execFile('/usr/bin/plutil', ['-convert', 'xml1', '-o', '-', file], (err, stdout) => (err ? reject(err) : resolve(stdout))),
      ),
  });
  const managedConfig = managed.kind === 'ok' ? managed.config : null;
  const plan = decideStartup({ managed, env: process.env, cwd: process.cwd() });
  if (plan.kind === 'refused') {
    logger.error(plan.message);
    dialog.showErrorBox('Keyhaven cannot start', plan.message);
    app.quit();
    return;
  }
  const autostartFs = { readFile, writeFile, mkdir, rm, stat } as unknown as Parameters<typeof applyLaunchAtStartup>[0]['fs'];
  // At every start, after every change in Settings, and after a sign-in whose role policy sets it.
  const applySettings = async (effective: EffectiveSettings): Promise<void> => {
    await applyLaunchAtStartup({
      platform: process.platform,
      app,
      execPath: process.execPath,
      homeDir: os.homedir(),
      env: process.env,
      fs: autostartFs,
      enabled: effective.launchAtStartup.value,
    });
  };
  const saveTextFile = createSaveFileDialog({
    dialog,
    window: () => (window && !window.isDestroyed() ? window : null),
    defaultDir: app.getPath('downloads'),
    join: path.join,
    writeFile: (file, text) => writeFile(file, text, { encoding: 'utf8', mode: 0o600 }),
  });
  // The window opens on the sign-in screen while the demo's identity providers and backend still
  // start (calls to the backend wait for it): the same start-up as the web host's.
  const starting = await startRuntime({
    host: 'electron',
    version: app.getVersion(),
    platform: process.platform,
    env: process.env,
    userDataDir: app.getPath('userData'),
    logger,
    keychain: createKeytarKeychain(),
    clipboard: { writeText: (t) => clipboard.writeText(t), readText: () => clipboard.readText(), clear: () => clipboard.clear() },
    openExternal: async (url) => {
      if (!isExternalWebUrl(url)) return false;
      await shell.openExternal(url);
      return true;
    },
    bringToFront: showWindow,
    managed,
    backend: plan.backend,
    importWorkerFile: path.join(distDir, 'main/import-worker.mjs'),
    logDir,
    saveFile: async (suggestedName, text) => {
      const saved = await saveTextFile({ title: 'Save diagnostics', suggestedName, text, filter: { name: 'Diagnostics', extensions: ['json'] } });
      if (saved.kind === 'saved') logger.info({ file: saved.path }, 'diagnostics saved');
      return saved;
    },
    saveTextFile,
    applySettings,
  });
  const services = starting.services;
  const effective = await services.settings.effective();
  await applySettings(effective).catch((err: unknown) => logger.warn({ err }, 'launch at startup not applied'));

  const hidden = shouldStartHidden(process.argv, settingValues(effective), app.getLoginItemSettings());
  window = new BrowserWindow(mainWindowOptions({ preloadPath: path.join(distDir, 'preload/index.cjs'), show: !hidden }));
  const ourFrame = (): Electron.WebFrameMain | null => (window && !window.isDestroyed() ? window.webContents.mainFrame : null);
  registerIpcHandlers({ ipcMain, table: starting.table, isTrustedSender: (frame) => isTrustedFrame(frame, ourFrame), logger });
  forwardEventsToWindows(starting.bus, () => (window ? [window.webContents] : []));
  await window.loadURL(APP_ENTRY_URL);
  runtime = await starting.ready().catch((err: unknown) => {
    logger.error({ err }, 'the backend did not start');
    dialog.showErrorBox('Keyhaven cannot start', err instanceof Error ? err.message : String(err));
    app.quit();
    return null;
  });
  if (!runtime) return;

  const refreshTray = (): void => {
    if (!tray) return;
    tray.setToolTip(trayTooltip(trayState.state));
    tray.setContextMenu(
      Menu.buildFromTemplate(
        buildTrayMenu(trayState.state, {
          open: showWindow,
          lock: () => void services.sessions.lock('user'),
          signIn: showWindow,
          quit: () => app.quit(),
        }),
      ),
    );
  };
  lockOnSystemEvents({
    powerMonitor,
    platform: process.platform,
    lock: (reason) => void services.sessions.lock('system').catch((err: unknown) => logger.warn({ err, reason }, 'system lock failed')),
  });
  tray = new Tray(nativeImage.createFromPath(path.join(distDir, 'renderer/icon.png')));
  refreshTray();
  runtime.bus.subscribe((event, payload) => {
    if (event === 'session') trayState.fromSession(payload as Events['session']);
  });

  if (hidden) {
    const values = settingValues(effective);
    const target = silentSignInTarget({ ssoDomain: values.ssoDomain || null, lastEmail: values.lastEmail || null, ...(managedConfig?.ssoConnection ? { ssoConnection: managedConfig.ssoConnection } : {}) });
    const existing = await services.sessions.view();
    const who = signInTargetOf(target);
    if (existing.kind === 'signed-out' && who !== null) {
      void createHiddenStartFlow({
        signIn: () => silentSignIn({ signIn: services.signIn, bus: runtime!.bus, target: who, timeoutMs: plan.hiddenStartTimeoutMs }),
        notify: (title, body) => {
          const note = new Notification({ title, body });
          note.on('click', showWindow);
          note.show();
        },
        setTrayState: (state) => trayState.fromHiddenStart(state),
        onError: (err) => logger.warn({ err }, 'hidden start sign-in failed'),
      }).run();
    }
  }
  handleDeepLink(findDeepLink(process.argv));
  let quitting = false;
  app.on('before-quit', () => {
    quitting = true;
    void runtime?.close();
  });
  window.on('close', (event) => {
    // The window hides to the tray; Quit in the tray menu ends the app.
    if (tray && !quitting) {
      event.preventDefault();
      window?.hide();
    }
  });
}

