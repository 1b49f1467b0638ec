import type { HandlerTable } from '../../../preload/contract';
import { AppError } from '../../errors/app-error';
import type { RuntimeServices } from '../runtime-services';

type Channels =
  | 'completeOnboardingStep'
  | 'listBrowsers'
  | 'openExtensionStore'
  | 'getTwoFactor'
  | 'beginTotp'
  | 'confirmTotp'
  | 'createBackupCodes'
  | 'webauthnRegisterOptions'
  | 'webauthnRegisterVerify'
  | 'webauthnAuthenticateOptions'
  | 'webauthnAuthenticateVerify'
  | 'verifySecondFactor';

interface Proved {
  readonly verified: boolean;
  readonly rememberSecret?: string;
}

/**
 * Onboarding and two-factor calls are thin relays: the backend decides (it holds the policy,
 * the TOTP secret and the WebAuthn challenges); main only refreshes what the renderer sees.
 */
export function onboardingHandlers(s: RuntimeServices): Pick<HandlerTable, Channels> {
  const call = <T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<T> =>
    s.backend.call<T>(method, path, s.sessions.active().token, body);
  // "Remember this device": the backend's secret goes to the keychain, never to the renderer.
  const keepRememberSecret = async (proved: Proved) => {
    if (typeof proved.rememberSecret === 'string') await s.sessions.rememberDevice(proved.rememberSecret);
  };
  // The backend picks the relying party by origin; without one it uses the packaged app's.
  const origin = s.webauthnOrigin !== undefined ? { origin: s.webauthnOrigin } : {};

  return {
    async completeOnboardingStep({ step, result }) {
      await call('PUT', '/v1/onboarding', { step, status: result });
      return s.sessions.refresh();
    },
    listBrowsers: () => s.browsers.list(),
    async openExtensionStore({ browser }) {
      const entry = (await s.browsers.list()).find((b) => b.id === browser);
      if (!entry) throw new AppError('not_found', 'Unknown browser.');
      await s.openExternal(entry.storeUrl);
      return { opened: true };
    },
    getTwoFactor: () => call('GET', '/v1/two-factor'),
    beginTotp: () => call('POST', '/v1/two-factor/totp/begin', {}),
    async confirmTotp({ code }) {
      await call('POST', '/v1/two-factor/totp/confirm', { code });
      return s.sessions.refresh();
    },
    createBackupCodes: () => call('POST', '/v1/two-factor/backup-codes', {}),
    // The route already answers `{ options }`: relay it as is, not wrapped a second time.
    webauthnRegisterOptions: () => call<{ options: unknown }>('POST', '/v1/two-factor/webauthn/register/options', origin),
    async webauthnRegisterVerify({ response }) {
      await call('POST', '/v1/two-factor/webauthn/register/verify', { response });
      return s.sessions.refresh();
    },
    webauthnAuthenticateOptions: () => call<{ options: unknown }>('POST', '/v1/two-factor/webauthn/authenticate/options', origin),
    async webauthnAuthenticateVerify({ response, rememberDevice }) {
      await keepRememberSecret(await call<Proved>('POST', '/v1/two-factor/webauthn/authenticate/verify', { response, rememberDevice }));
      return s.sessions.refresh();
    },
    async verifySecondFactor({ method, code, rememberDevice }) {
      await keepRememberSecret(await call<Proved>('POST', '/v1/two-factor/verify', { method, code, rememberDevice }));
      return s.sessions.refresh();
    },
  };
}
