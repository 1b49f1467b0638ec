import {
  browserSupportsWebAuthn,
  startAuthentication,
  startRegistration,
  WebAuthnError,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser';
import type { ContractError } from '../../../preload/contract';
import type { SecurityKeyCeremony } from '../state/onboarding-slice';

export { browserSupportsWebAuthn };

/** Runs navigator.credentials.create with the options main made; main verifies the answer. */
export const registerSecurityKeyCeremony: SecurityKeyCeremony = async (options) => {
  try {
    return { ok: true, response: await startRegistration({ optionsJSON: options as PublicKeyCredentialCreationOptionsJSON }) };
  } catch (error) {
    return { ok: false, error: securityKeyError(error) };
  }
};

/** Runs navigator.credentials.get with the challenge main made; main verifies the assertion. */
export const authenticateSecurityKeyCeremony: SecurityKeyCeremony = async (options) => {
  try {
    return { ok: true, response: await startAuthentication({ optionsJSON: options as PublicKeyCredentialRequestOptionsJSON }) };
  } catch (error) {
    return { ok: false, error: securityKeyError(error) };
  }
};

/**
 * The browser's WebAuthn failures never reach main, so they get a ContractError here. The
 * contract has no code for them yet (see the report: `security_key_failed`); until then they
 * travel as `two_factor_required`, whose title error-text words.
 */
function securityKeyError(error: unknown): ContractError {
  const code = error instanceof WebAuthnError ? error.code : null;
  const name = error instanceof Error ? error.name : '';
  if (code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED') {
    return { code: 'two_factor_required', message: 'This security key is already registered. Use another key or another method.' };
  }
  if (code === 'ERROR_CEREMONY_ABORTED' || name === 'NotAllowedError' || name === 'AbortError') {
    return { code: 'two_factor_required', message: 'The security key request was cancelled or timed out. Try again, or choose another method.' };
  }
  return { code: 'two_factor_required', message: 'Your browser could not use a security key. Try again, or choose another method.' };
}
