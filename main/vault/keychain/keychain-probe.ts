import { KEYCHAIN_SERVICE, type Keychain } from './keychain';

/** An account no entry is ever stored under: reading it only proves the keychain answers. */
const PROBE_ACCOUNT = `${KEYCHAIN_SERVICE}|probe`;

/**
 * Throws `keychain_unavailable` (with what to install) when the OS keychain cannot be reached.
 * Sign-in calls it before opening the identity provider: the session and the device key are
 * kept only there, so finding out after the person typed their password is a dead end.
 */
export async function ensureKeychainUsable(keychain: Keychain): Promise<void> {
  await keychain.get(PROBE_ACCOUNT);
}
