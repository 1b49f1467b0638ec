import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Keychain } from '../../../main/vault/keychain/keychain';

/**
 * The behaviour every Keychain must have; registered once per implementation so the memory
 * double used by other modules' tests cannot drift from the real OS keychain.
 */
export function describeKeychainContract(name: string, setup: () => Promise<Keychain>): void {
  describe(`Keychain contract: ${name}`, () => {
    let keychain: Keychain;
    const used = new Set<string>();
    // Unique per run so a real keyring never sees collisions between runs.
    const account = (suffix: string): string => {
      const full = `http://127.0.0.1:8443|contract-${randomUUID()}|${suffix}`;
      used.add(full);
      return full;
    };

    beforeAll(async () => {
      keychain = await setup();
    });

    afterEach(async () => {
      for (const a of used) await keychain.delete(a);
      used.clear();
    });

    it('returns null for an account that was never set', async () => {
      expect(await keychain.get(account('device-key'))).toBeNull();
    });

    it('returns exactly what was set', async () => {
      const a = account('device-key');
      await keychain.set(a, 'secret-1');
      expect(await keychain.get(a)).toBe('secret-1');
    });

    it('replaces the secret when set again', async () => {
      const a = account('session');
      await keychain.set(a, 'old');
      await keychain.set(a, 'new');
      expect(await keychain.get(a)).toBe('new');
    });

    it('deletes: true the first time, false the second, and get is null after', async () => {
      const a = account('device-key');
      await keychain.set(a, 'x');
      expect(await keychain.delete(a)).toBe(true);
      expect(await keychain.delete(a)).toBe(false);
      expect(await keychain.get(a)).toBeNull();
    });

    it('keeps accounts apart, including ones that differ only in the entry suffix', async () => {
      const prefix = `http://127.0.0.1:8443|user-${randomUUID()}`;
      const device = `${prefix}|device-key`;
      const session = `${prefix}|session`;
      used.add(device).add(session);
      await keychain.set(device, 'device secret');
      await keychain.set(session, 'session secret');
      expect(await keychain.get(device)).toBe('device secret');
      expect(await keychain.get(session)).toBe('session secret');
      await keychain.delete(device);
      expect(await keychain.get(session)).toBe('session secret');
    });

    it('stores unicode and multi-kilobyte secrets byte for byte', async () => {
      const a = account('device-key');
      const secret = `{"v":1,"name":"Zoë ✓ 鍵","pad":"${'x'.repeat(4096)}"}`;
      await keychain.set(a, secret);
      expect(await keychain.get(a)).toBe(secret);
    });
  });
}
