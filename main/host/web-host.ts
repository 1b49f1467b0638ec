import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ManagedConfigResult } from '../app/managed-config';
import { createLogger, type Logger } from '../log/logger';
import { createRuntime, type BackendChoice, type Runtime } from '../ipc/create-runtime';
import type { Clipboard } from '../ipc/runtime-services';
import type { Keychain } from '../vault/keychain/keychain';
import { createKeytarKeychain } from '../vault/keychain/keytar-keychain';
import { startWebTransport, type WebTransport } from './web-transport';

export interface WebHostOptions {
  readonly userDataDir: string;
  readonly backend: BackendChoice;
  readonly distDir: string;
  readonly port?: number;
  readonly token?: string;
  readonly logger?: Logger;
  readonly keychain?: Keychain;
  readonly managed?: ManagedConfigResult;
  readonly samlAcsPorts?: readonly number[];
  readonly signInTimeoutMs?: number;
  /** What "open the system browser" does here; every URL is also recorded in `openedUrls`. */
  readonly openExternal?: (url: string) => Promise<void>;
  readonly version?: string;
}

export interface WebHost {
  readonly transport: WebTransport;
  readonly runtime: Runtime;
  /** URLs handed to the system browser, in order: the observable side of sign-in for tests. */
  readonly openedUrls: readonly string[];
  readonly clipboard: Clipboard & { readonly current: string };
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
  const runtime = await createRuntime({
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
    ...(options.samlAcsPorts ? { samlAcsPorts: options.samlAcsPorts } : {}),
    ...(options.signInTimeoutMs ? { signInTimeoutMs: options.signInTimeoutMs } : {}),
  });
  let bridgeScript: string;
  try {
    bridgeScript = await readFile(path.join(options.distDir, 'host/bridge.js'), 'utf8');
  } catch {
    await runtime.close();
    throw new Error(`The renderer is not built (${path.join(options.distDir, 'host/bridge.js')} is missing). Run "npm run build" first.`);
  }
  const transport = await startWebTransport({
    table: runtime.table,
    bus: runtime.bus,
    logger,
    rendererDir: path.join(options.distDir, 'renderer'),
    bridgeScript,
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.token ? { token: options.token } : {}),
  });
  return {
    transport,
    runtime,
    openedUrls,
    clipboard,
    async close() {
      await transport.close();
      await runtime.close();
    },
  };
}
