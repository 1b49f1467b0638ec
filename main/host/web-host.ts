import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { followDeepLink, type DeepLinkOutcome } from '../runtime/deep-link';
import { createHiddenStartFlow, signInTargetOf, silentSignInTarget, type HiddenStartResult } from '../runtime/hidden-start';
import type { ManagedConfigResult } from '../platform/managed-config';
import { settingValues } from '../platform/settings';
import { silentSignIn } from '../sso/silent-sign-in';
import { createLogger, type Logger } from '../log/logger';
import { reserveLoopbackPort } from '../demo/free-port';
import { startRuntime, type BackendChoice, type Runtime } from '../runtime/create-runtime';
import { DEFAULT_HIDDEN_START_TIMEOUT_MS } from '../runtime/startup-policy';
import type { Clipboard } from '../ipc/runtime-services';
import type { Keychain } from '../vault/keychain/keychain';
import { createKeytarKeychain } from '../vault/keychain/keytar-keychain';
import { startWebTransport, type WebTransport } from './web-transport';

export interface WebHostOptions {
  readonly userDataDir: string;
  readonly backend: BackendChoice;
  readonly distDir: string;
  readonly port?: number;
  readonly logger?: Logger;
  /** Where the logger writes keyhaven.log, for Save diagnostics; without it the bundle has no log. */
  readonly logDir?: string;
  readonly keychain?: Keychain;
  readonly managed?: ManagedConfigResult;
  readonly samlAcsPorts?: readonly number[];
  readonly signInTimeoutMs?: number;
  /** What "open the system browser" does here; every URL is also recorded in `openedUrls`. */
  readonly openExternal?: (url: string) => Promise<void>;
  readonly version?: string;
  /**
   * A start at login (`--hidden`): once up, and if signed out, sign in by SSO for the last email
   * (or SSO domain) with no input; notifications are recorded in `notifications`.
   */
  readonly hidden?: boolean;
  /** How long the hidden start's silent sign-in may take before the person is asked; the startup policy's default otherwise. */
  readonly hiddenStartTimeoutMs?: number;
  /** Check every IPC result against its contract schema too (the end-to-end tests do). */
  readonly checkResults?: boolean;
  /**
   * Called as soon as the page can be opened, while an embedded backend may still be starting
   * (calls to it wait): the command line prints the URL and opens Chromium here.
   */
  readonly onListening?: (transport: WebTransport) => void;
  /**
   * When the demo's identity providers and backend start: at once (the default), or once a page
   * has the answers its first screen waits for (its session), so they do not compete with the
   * browser for the CPU while it shows that screen. A call that needs the backend starts it
   * earlier; a hidden start starts it at once.
   */
  readonly backendStart?: 'at-once' | 'after-first-screen';
}

export interface WebHost {
  readonly transport: WebTransport;
  readonly runtime: Runtime;
  /** URLs handed to the system browser, in order: the observable side of sign-in for tests. */
  readonly openedUrls: readonly string[];
  readonly clipboard: Clipboard & { readonly current: string };
  /** Desktop notifications the host would have shown, in order (the web host has none). */
  readonly notifications: readonly { readonly title: string; readonly body: string }[];
  /** The hidden start's outcome; null when not started hidden or nobody to sign in silently. */
  readonly hiddenStart: Promise<HiddenStartResult> | null;
  /** The port the app's SAML loopback ACS listens on (the first free one of its ports), null before it listens. */
  samlAcsPort(): number | null;
  /** What the OS does with a `keyhaven://` link (the web host registers no scheme; tests call it). */
  openDeepLink(url: string): Promise<DeepLinkOutcome>;
  close(): Promise<void>;
}

/**
 * A clipboard for the web host, which has no access to the desktop's clipboard from plain
 * Node: it holds the text in memory so the copy-and-clear behaviour is the same and testable.
 */
function createHostClipboard(): Clipboard & { readonly current: string } {
  let text = '';
  return {
    writeText: (value) => {
      text = value;
    },
    readText: () => text,
    clear: () => {
      text = '';
    },
    get current() {
      return text;
    },
  };
}

/** The web host's composition root: main's services in plain Node, served to Chromium. */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const logger = options.logger ?? createLogger();
  const openedUrls: string[] = [];
  const clipboard = createHostClipboard();
  // The port is chosen (and held) before the runtime starts: the renderer's origin is WebAuthn's
  // origin, and the IdPs and callback servers the runtime starts must not take it meanwhile.
  const reservation = options.port === undefined ? await reserveLoopbackPort(0) : null;
  const port = options.port ?? reservation?.port ?? 0;
  const starting = await startRuntime({
    host: 'web',
    version: options.version ?? '0.0.0',
    platform: process.platform,
    env: process.env,
    userDataDir: options.userDataDir,
    logger,
    keychain: options.keychain ?? createKeytarKeychain(),
    clipboard,
    openExternal: async (url) => {
      openedUrls.push(url);
      logger.info({ host: new URL(url).host }, 'opening the system browser');
      await options.openExternal?.(url);
    },
    bringToFront: () => undefined,
    managed: options.managed ?? { kind: 'none' },
    backend: options.backend,
    importWorkerFile: path.join(options.distDir, 'main/import-worker.mjs'),
    ...(options.logDir ? { logDir: options.logDir } : {}),
    ...(options.samlAcsPorts ? { samlAcsPorts: options.samlAcsPorts } : {}),
    ...(options.signInTimeoutMs ? { signInTimeoutMs: options.signInTimeoutMs } : {}),
    ...(port !== 0 ? { webauthn: { origin: `http://localhost:${port}`, rpId: 'localhost' } } : {}),
  }).catch(async (err: unknown) => {
    await reservation?.release();
    throw err;
  });
  const closeWhenReady = async (): Promise<void> => {
    await (await starting.ready().catch(() => null))?.close();
  };
  let bridgeScript: string;
  try {
    bridgeScript = await readFile(path.join(options.distDir, 'host/bridge.js'), 'utf8');
  } catch {
    await reservation?.release();
    await closeWhenReady();
    throw new Error(`The renderer is not built (${path.join(options.distDir, 'host/bridge.js')} is missing). Run "npm run build" first.`);
  }
  await reservation?.release();
  let firstScreenAnswered = (): void => undefined;
  const firstScreen = new Promise<void>((resolve) => (firstScreenAnswered = resolve));
  const transport = await startWebTransport({
    onAnswered: (channel) => {
      if (channel === 'getSession') firstScreenAnswered();
    },
    table: starting.table,
    bus: starting.bus,
    logger,
    rendererDir: path.join(options.distDir, 'renderer'),
    bridgeScript,
    port,
    ...(options.checkResults ? { checkResults: true } : {}),
  }).catch(async (err: unknown) => {
    await closeWhenReady();
    throw err;
  });
  options.onListening?.(transport);
  if (options.backendStart === 'after-first-screen' && !options.hidden) await firstScreen;
  const runtime = await starting.ready().catch(async (err: unknown) => {
    await transport.close();
    throw err;
  });
  const notifications: { title: string; body: string }[] = [];
  let hiddenStart: Promise<HiddenStartResult> | null = null;
  if (options.hidden && (await runtime.services.sessions.view()).kind === 'signed-out') {
    const values = settingValues(await runtime.services.settings.effective());
    const managedConfig = options.managed?.kind === 'ok' ? options.managed.config : null;
    const target = silentSignInTarget({ ssoDomain: values.ssoDomain || null, lastEmail: values.lastEmail || null, ...(managedConfig?.ssoConnection ? { ssoConnection: managedConfig.ssoConnection } : {}) });
    const who = signInTargetOf(target);
    if (who !== null) {
      const timeoutMs = options.hiddenStartTimeoutMs ?? DEFAULT_HIDDEN_START_TIMEOUT_MS;
      hiddenStart = createHiddenStartFlow({
        signIn: () => silentSignIn({ signIn: runtime.services.signIn, bus: runtime.bus, target: who, timeoutMs }),
        notify: (title, body) => {
          notifications.push({ title, body });
          logger.info({ title }, 'notification');
        },
        setTrayState: () => undefined,
        timeoutMs: timeoutMs + 1_000,
        onError: (err) => logger.warn({ err }, 'hidden start sign-in failed'),
      }).run();
    }
  }
  return {
    transport,
    runtime,
    openedUrls,
    clipboard,
    notifications,
    hiddenStart,
    samlAcsPort: () => runtime.services.signIn.samlAcsPort(),
    openDeepLink: (url) => followDeepLink(url, { signIn: runtime.services.signIn, signedIn: async () => (await runtime.services.sessions.view()).kind === 'signed-in' }),
    async close() {
      await transport.close();
      await runtime.close();
    },
  };
}
