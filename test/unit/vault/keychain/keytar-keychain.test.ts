import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../main/errors/app-error';
import { createKeytarKeychain, LOCKED_KEYRING_MESSAGE, toKeychainError, type KeytarModule } from '../../../../main/vault/keychain/keytar-keychain';

// The real keytar paths are covered by test/integration/vault; these cases provoke failures a
// healthy Secret Service will not produce on demand.
async function codeAndMessage(run: () => Promise<unknown>): Promise<[string, string]> {
  try {
    await run();
    return ['none', ''];
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return [error.code, error.publicMessage];
  }
}

describe('keytar keychain failure handling', () => {
  it('treats a null read right after a successful write (locked keyring) as keychain_unavailable', async () => {
    const silentlyLocked: KeytarModule = {
      setPassword: async () => undefined,
      getPassword: async () => null,
      deletePassword: async () => false,
    };
    const keychain = createKeytarKeychain({ loadKeytar: () => silentlyLocked, platform: 'linux' });
    expect(await codeAndMessage(() => keychain.set('a|device-key', 'secret'))).toEqual(['keychain_unavailable', LOCKED_KEYRING_MESSAGE]);
  });

  it('can be created where keytar is missing and reports it only when used', async () => {
    const keychain = createKeytarKeychain({
      loadKeytar: () => {
        throw new Error("Cannot find module 'keytar'");
      },
      platform: 'linux',
    });
    const [code, message] = await codeAndMessage(() => keychain.get('a'));
    expect(code).toBe('keychain_unavailable');
    expect(message).toMatch(/keytar.*libsecret/);
  });

  it('names the OS store in errors on macOS and Windows', () => {
    expect(toKeychainError(new Error('User canceled'), 'darwin').publicMessage).toMatch(/macOS Keychain/);
    expect(toKeychainError(new Error('Access denied'), 'win32').publicMessage).toMatch(/Windows Credential Vault/);
  });
});
