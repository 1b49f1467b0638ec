/**
 * Secrets that must survive a restart but never touch a plain file: the device key that unwraps
 * this device's copy of the data key, and the session token. Backed by the OS keychain
 * (keytar-keychain.ts); a memory double exists for other modules' tests only.
 */
export interface Keychain {
  get(account: string): Promise<string | null>;
  /** Resolves only once the secret is stored and readable back. */
  set(account: string, secret: string): Promise<void>;
  /** true when something was deleted. */
  delete(account: string): Promise<boolean>;
}

/** The keychain "service" every Keyhaven entry is filed under. */
export const KEYCHAIN_SERVICE = 'Keyhaven';

/**
 * `device-pair`: this device's ECDH P-256 key pair for approvals (main/devices/device-key-pair.ts).
 * `offline-key`: seals the offline copy of the vault (offline/offline-store.ts).
 */
export type KeychainEntry = 'device-key' | 'session' | 'device-pair' | 'offline-key';

/** One prefix per backend + user, so two accounts (or two tenants) on one machine never collide. */
export function keychainAccountPrefix(backendUrl: string, userId: string): string {
  return `${backendUrl.replace(/\/+$/, '')}|${userId}`;
}

export function keychainAccount(prefix: string, entry: KeychainEntry): string {
  return `${prefix}|${entry}`;
}
