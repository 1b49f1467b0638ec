import { API } from '../api/api';
import type { ApiClient } from '../api/api-client';
import { AppError } from '../errors/app-error';
import type { Keychain } from '../vault/keychain/keychain';

/**
 * "Remember this device" on the app's side. When the person proves their second factor and
 * ticks "remember", the backend answers with a one-time-issued secret; it lives in the OS
 * keychain beside the session token (one entry per backend and user, never a file). At the next
 * sign-in the app shows it to the backend for the new session (POST
 * /v1/two-factor/remembered-device), which then needs no code. A secret the backend no longer
 * accepts (expired, replaced, policy changed) is deleted.
 */
export function rememberedDeviceAccount(backendUrl: string, userId: string): string {
  return `${backendUrl.replace(/\/+$/, '')}|${userId}|remembered-device`;
}

export interface RememberedDevice {
  save(userId: string, secret: string): Promise<void>;
  /** True when a stored secret verified the session's second factor. */
  prove(token: string, userId: string): Promise<boolean>;
}

export function createRememberedDevice(deps: { keychain: Keychain; backend: ApiClient }): RememberedDevice {
  const account = (userId: string) => rememberedDeviceAccount(deps.backend.baseUrl, userId);
  return {
    async save(userId, secret) {
      await deps.keychain.set(account(userId), secret);
    },
    async prove(token, userId) {
      const secret = await deps.keychain.get(account(userId));
      if (secret === null) return false;
      try {
        await deps.backend.call(API.twoFactor.rememberedDevice, { token, body: { secret } });
        return true;
      } catch (err) {
        if (err instanceof AppError && (err.code === 'invalid_two_factor_code' || err.code === 'bad_request')) {
          await deps.keychain.delete(account(userId));
          return false;
        }
        throw err;
      }
    },
  };
}
