import { afterAll } from 'vitest';
import { createKeytarKeychain } from '../../../main/vault/keychain/keytar-keychain';
import { createMemoryKeychainForTests } from '../../support/memory-keychain';
import { describeKeychainContract } from './keychain-contract';
import { startPrivateKeyring, type PrivateKeyring } from './private-keyring';

let keyring: PrivateKeyring | null = null;

describeKeychainContract('memory (for tests)', async () => createMemoryKeychainForTests());

describeKeychainContract('keytar on a real Secret Service (gnome-keyring)', async () => {
  // Inside scripts/with-keyring.sh the session is already a throw-away one. Anywhere else we
  // start our own, even on a desktop, so a test run never writes into a person's real keyring.
  if (!(process.env.KEYHAVEN_TEST_KEYRING === '1' && process.env.DBUS_SESSION_BUS_ADDRESS)) {
    keyring = await startPrivateKeyring();
    // libsecret reads the bus address when it first connects, which is keytar's first call
    // below; this test file runs in its own worker process, so nothing has connected yet.
    process.env.DBUS_SESSION_BUS_ADDRESS = keyring.busAddress;
  }
  return createKeytarKeychain({ service: 'Keyhaven-contract-test' });
});

afterAll(async () => {
  await keyring?.stop();
});
