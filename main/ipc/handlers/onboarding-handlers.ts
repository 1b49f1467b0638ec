import type { HandlerTable } from '../../../preload/contract';
import { API } from '../../api/api';
import type { AuthenticationResponse, RegistrationResponse } from '../../api/endpoints/two-factor';
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

/**
 * Onboarding and two-factor calls are thin relays: the backend decides (it holds the policy,
 * the TOTP secret and the WebAuthn challenges); main only refreshes what the renderer sees.
 */
export function onboardingHandlers(s: RuntimeServices): Pick<HandlerTable, Channels> {
  const token = () => s.sessions.active().token;
  const E = API.twoFactor;
  // "Remember this device": the backend's secret goes to the keychain, never to the renderer.
  const keepRememberSecret = async (proved: { readonly rememberSecret?: string | undefined }) => {
    if (typeof proved.rememberSecret === 'string') await s.sessions.rememberDevice(proved.rememberSecret);
  };
  // The backend picks the relying party by origin; without one it uses the packaged app's.
  const origin = s.webauthnOrigin !== undefined ? { origin: s.webauthnOrigin } : {};

  return {
    async completeOnboardingStep({ step, result }) {
      await s.backend.call(API.session.completeOnboardingStep, { token: token(), body: { step, status: result } });
      return s.sessions.refresh();
    },
    listBrowsers: () => s.browsers.list(),
    async openExtensionStore({ browser }) {
      const entry = (await s.browsers.list()).find((b) => b.id === browser);
      if (!entry) throw new AppError('not_found', 'Unknown browser.');
      await s.openExternal(entry.storeUrl);
      return { opened: true };
    },
    getTwoFactor: () => s.backend.call(E.status, { token: token() }),
    beginTotp: () => s.backend.call(E.beginTotp, { token: token(), body: {} }),
    async confirmTotp({ code }) {
      await s.backend.call(E.confirmTotp, { token: token(), body: { code } });
      return s.sessions.refresh();
    },
    createBackupCodes: () => s.backend.call(E.backupCodes, { token: token(), body: {} }),
    // The route already answers `{ options }`: relay it as is, not wrapped a second time.
    webauthnRegisterOptions: () => s.backend.call(E.webauthnRegisterOptions, { token: token(), body: origin }),
    async webauthnRegisterVerify({ response }) {
      await s.backend.call(E.webauthnRegisterVerify, { token: token(), body: { response: response as RegistrationResponse } });
      return s.sessions.refresh();
    },
    webauthnAuthenticateOptions: () => s.backend.call(E.webauthnAuthenticateOptions, { token: token(), body: origin }),
    async webauthnAuthenticateVerify({ response, rememberDevice }) {
      await keepRememberSecret(await s.backend.call(E.webauthnAuthenticateVerify, { token: token(), body: { response: response as AuthenticationResponse, rememberDevice } }));
      return s.sessions.refresh();
    },
    async verifySecondFactor({ method, code, rememberDevice }) {
      await keepRememberSecret(await s.backend.call(E.verify, { token: token(), body: { method, code, rememberDevice } }));
      return s.sessions.refresh();
    },
  };
}
