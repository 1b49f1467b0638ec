import type { Keychain } from '../../main/vault/keychain/keychain';

/**
 * In-memory keychain for tests of OTHER modules (IPC handlers, onboarding). It passes the same
 * contract suite as the keytar keychain; it must never back a real host, because secrets in it
 * vanish on exit and are not protected by the OS.
 */
export function createMemoryKeychainForTests(initial: Iterable<[string, string]> = []): Keychain & { readonly entries: Map<string, string> } {
  const entries = new Map(initial);
  return {
    entries,
    async get(account) {
      return entries.get(account) ?? null;
    },
    async set(account, secret) {
      entries.set(account, secret);
    },
    async delete(account) {
      return entries.delete(account);
    },
  };
}
