import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DeepLinkOutcome } from '../runtime/deep-link';
import type { HiddenStartResult } from '../runtime/hidden-start';
import type { ManagedConfigResult } from '../platform/managed-config';
import { createLogger, type Logger } from '../log/logger';
import { reserveLoopbackPort } from '../demo/free-port';
import type { BackendChoice, Runtime, RuntimeStart } from '../runtime/create-runtime';
import type { EventBus } from '../ipc/event-bus';
import type { Clipboard } from '../ipc/runtime-services';
import type { HandlerTable } from '../../preload/contract';
import type { Keychain } from '../vault/keychain/keychain';
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
   * has every answer its first screen waits for (FIRST_SCREEN_CHANNELS), so they do not compete
   * with the browser for the CPU, nor delay those answers, while it shows that screen. A call
   * that needs the backend starts it earlier; a hidden start starts it at once.
   */
  readonly backendStart?: 'at-once' | 'after-first-screen';
  /**
   * Stops the start: what has started by then (transport, services, a backend being started) is
   * closed, and startWebHost rejects with the signal's reason.
   */
  readonly signal?: AbortSignal;
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

/**
 * What the renderer asks for before it shows its first screen (renderer/src/app.tsx and the
 * sign-in screen: the session decides the screen, the app info fills in the last email and the
 * managed banner, the settings give the theme). Answered from this device alone.
 */
export const FIRST_SCREEN_CHANNELS: readonly string[] = ['getAppInfo', 'getSession', 'getSettings', 'getSignInState'];

/** A promise settled from outside, with its rejection handled (calls that wait for it report it). */
function settledLater<T>(): { promise: Promise<T>; resolve(value: T): void; reject(reason: unknown): void } {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/** Resolves once `signal` is aborted (never without one): a wait that a stop may cut short. */
function whenStopped(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) resolve();
    else signal?.addEventListener('abort', () => resolve(), { once: true });
  });
}

/**
 * The web host's composition root: main's services in plain Node, served to Chromium. The
 * transport listens (and `onListening` prints the URL) first; main's services are composed
 * while the browser starts and loads the page, whose calls wait for them.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const logger = options.logger ?? createLogger();
  const openedUrls: string[] = [];
  const clipboard = createHostClipboard();
  const signal = options.signal;
  signal?.throwIfAborted();
  // The port is chosen (and held) before anything else listens: the renderer's origin is WebAuthn's
  // origin, and the IdPs and callback servers the runtime starts must not take it meanwhile.
  const reservation = options.port === undefined ? await reserveLoopbackPort(0) : null;
  const port = options.port ?? reservation?.port ?? 0;
  const bridgeFile = path.join(options.distDir, 'host/bridge.js');
  const bridgeScript = await readFile(bridgeFile, 'utf8').catch(async () => {
    await reservation?.release();
    throw new Error(`The renderer is not built (${bridgeFile} is missing). Run "npm run build" first.`);
  });
  await reservation?.release();
  const table = settledLater<HandlerTable>();
  const bus = settledLater<EventBus>();
  const firstScreen = settledLater<void>();
  const unanswered = new Set(FIRST_SCREEN_CHANNELS);
  const transport = await startWebTransport({
    onAnswered: (channel) => {
      if (unanswered.delete(channel) && unanswered.size === 0) firstScreen.resolve();
    },
    table: table.promise,
    bus: bus.promise,
    logger,
    rendererDir: path.join(options.distDir, 'renderer'),
    bridgeScript,
    port,
    ...(options.checkResults ? { checkResults: true } : {}),
  });
  let starting: RuntimeStart | null = null;
  try {
    signal?.throwIfAborted();
    options.onListening?.(transport);
    const { startHostRuntime, startHiddenSignIn, openDeepLink } = await import('./web-host-runtime');
    signal?.throwIfAborted();
    starting = await startHostRuntime(options, { port, logger, clipboard, openedUrls });
    table.resolve(starting.table);
    bus.resolve(starting.bus);
    signal?.throwIfAborted();
    if (options.backendStart === 'after-first-screen' && !options.hidden) await Promise.race([firstScreen.promise, whenStopped(signal)]);
    signal?.throwIfAborted();
    const runtime = await starting.ready();
    signal?.throwIfAborted();
    const notifications: { title: string; body: string }[] = [];
    const hiddenStart = options.hidden ? ((await startHiddenSignIn(runtime, options, logger, notifications))?.outcome ?? null) : null;
    return {
      transport,
      runtime,
      openedUrls,
      clipboard,
      notifications,
      hiddenStart,
      samlAcsPort: () => runtime.services.signIn.samlAcsPort(),
      openDeepLink: (url) => openDeepLink(runtime, url),
      async close() {
        await transport.close();
        await runtime.close();
      },
    };
  } catch (err) {
    table.reject(err);
    bus.reject(err);
    await transport.close();
    await starting?.close();
    throw err;
  }
}
