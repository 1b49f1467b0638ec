import path from 'node:path';
import { followDeepLink, type DeepLinkOutcome } from '../runtime/deep-link';
import { createHiddenStartFlow, signInTargetOf, silentSignInTarget, type HiddenStartResult } from '../runtime/hidden-start';
import { settingValues } from '../platform/settings';
import { silentSignIn } from '../sso/silent-sign-in';
import type { Logger } from '../log/logger';
import { startRuntime, type Runtime, type RuntimeStart } from '../runtime/create-runtime';
import { DEFAULT_HIDDEN_START_TIMEOUT_MS } from '../runtime/startup-policy';
import type { Clipboard } from '../ipc/runtime-services';
import { createKeytarKeychain } from '../vault/keychain/keytar-keychain';
import type { WebHostOptions } from './web-host';

/**
 * The web host behind its transport: main's services (the composition in create-runtime.ts, the
 * keychain, the hidden start). web-host.ts loads this module once its transport listens, so the
 * URL is printed, and the browser started, before these modules are loaded.
 */
export function startHostRuntime(
  options: WebHostOptions,
  host: { readonly port: number; readonly logger: Logger; readonly clipboard: Clipboard; readonly openedUrls: string[] },
): Promise<RuntimeStart> {
  const { logger, port } = host;
  return startRuntime({
    host: 'web',
    version: options.version ?? '0.0.0',
    platform: process.platform,
    env: process.env,
    userDataDir: options.userDataDir,
    logger,
    keychain: options.keychain ?? createKeytarKeychain(),
    clipboard: host.clipboard,
    openExternal: async (url) => {
      host.openedUrls.push(url);
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
  });
}

/** A start at login (`--hidden`): signed out, sign in by SSO for the last email with no input; null when there is nobody to sign in. */
export async function startHiddenSignIn(
  runtime: Runtime,
  options: WebHostOptions,
  logger: Logger,
  notifications: { title: string; body: string }[],
): Promise<{ readonly outcome: Promise<HiddenStartResult> } | null> {
  if ((await runtime.services.sessions.view()).kind !== 'signed-out') return null;
  const values = settingValues(await runtime.services.settings.effective());
  const managedConfig = options.managed?.kind === 'ok' ? options.managed.config : null;
  const target = silentSignInTarget({ ssoDomain: values.ssoDomain || null, lastEmail: values.lastEmail || null, ...(managedConfig?.ssoConnection ? { ssoConnection: managedConfig.ssoConnection } : {}) });
  const who = signInTargetOf(target);
  if (who === null) return null;
  const timeoutMs = options.hiddenStartTimeoutMs ?? DEFAULT_HIDDEN_START_TIMEOUT_MS;
  const outcome = createHiddenStartFlow({
    signIn: () => silentSignIn({ signIn: runtime.services.signIn, bus: runtime.bus, target: who, timeoutMs }),
    notify: (title, body) => {
      notifications.push({ title, body });
      logger.info({ title }, 'notification');
    },
    setTrayState: () => undefined,
    timeoutMs: timeoutMs + 1_000,
    onError: (err) => logger.warn({ err }, 'hidden start sign-in failed'),
  }).run();
  return { outcome };
}

/** What the OS does with a `keyhaven://` link. */
export function openDeepLink(runtime: Runtime, url: string): Promise<DeepLinkOutcome> {
  return followDeepLink(url, { signIn: runtime.services.signIn, signedIn: async () => (await runtime.services.sessions.view()).kind === 'signed-in' });
}
