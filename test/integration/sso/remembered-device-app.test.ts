import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoOidcIdp } from '../../../main/demo/oidc-idp';
import { createLogger } from '../../../main/log/logger';
import { createApiClient } from '../../../main/api/api-client';
import type { SignInAnswer } from '../../../main/api/endpoints/sso';
import { rememberedDeviceAccount } from '../../../main/sso/remembered-device';
import { createSessionManager, type SessionManager } from '../../../main/sso/session-manager';
import type { Keychain } from '../../../main/vault/keychain/keychain';
import { createKeytarKeychain } from '../../../main/vault/keychain/keytar-keychain';
import { totpCode } from '../../../main/vault/totp/totp';
import { enrolTotp, signInOidc } from '../../support/oidc-session';
import { DEMO_USERS, oidcTenantYaml, startIdp } from '../../support/oidc-tenant';
import { startTestBackend, type TestBackend } from '../../support/test-backend';
import { startPrivateKeyring, type PrivateKeyring } from '../vault/private-keyring';

/**
 * The app's side of "remember this device" against a real backend and the real OS keychain
 * (gnome-keyring): the secret the backend issues is kept in the keychain beside the session and
 * shown at the next sign-in, which then owes no second factor; a secret the backend no longer
 * takes is deleted and the second factor is asked for again.
 */
const alice = { email: DEMO_USERS[0].email, password: DEMO_USERS[0].password };
const device = { id: 'device-remember-app-1', name: 'Test laptop', platform: 'linux' };

describe('remembered device in the app', () => {
  let idp: DemoOidcIdp;
  let b: TestBackend;
  let keyring: PrivateKeyring | null = null;
  let keychain: Keychain;
  let manager: SessionManager;
  let clockOffset = 0;

  beforeAll(async () => {
    if (!(process.env.KEYHAVEN_TEST_KEYRING === '1' && process.env.DBUS_SESSION_BUS_ADDRESS)) {
      keyring = await startPrivateKeyring();
      process.env.DBUS_SESSION_BUS_ADDRESS = keyring.busAddress;
    }
    keychain = createKeytarKeychain({ service: 'Keyhaven-remembered-device-test' });
    idp = await startIdp();
    b = await startTestBackend({ yaml: oidcTenantYaml(idp.issuer) });
    manager = createSessionManager({ backend: createApiClient({ baseUrl: b.url }), keychain, device, logger: createLogger({ level: 'silent' }), emit: () => undefined });
  });
  afterAll(async () => {
    manager?.close();
    await b?.close();
    await idp?.close();
    await keyring?.stop();
  });

  const signIn = async (): Promise<SignInAnswer> => {
    const res = await signInOidc(b, alice, { device });
    if (res.status !== 200) throw new Error(`sign-in failed: ${JSON.stringify(res.body)}`);
    return res.body as SignInAnswer;
  };
  const later = (ms: number) => {
    clockOffset += ms;
    b.advanceClock(ms);
    return new Date(Date.now() + clockOffset);
  };

  it('keeps the secret in the keychain and skips the second factor at the next sign-in; a refused secret is deleted', async () => {
    const first = await signIn();
    const secret = await enrolTotp(b, first.session);

    const second = await signIn();
    const owing = await manager.signedIn(second);
    expect(owing).toMatchObject({ kind: 'signed-in', secondFactor: 'required' });
    const proved = await b.api('POST', '/v1/two-factor/verify', { token: second.session, body: { method: 'totp', code: totpCode(secret, later(60_000)), rememberDevice: true } });
    await manager.rememberDevice(proved.body.rememberSecret);
    const account = rememberedDeviceAccount(b.url, second.user.id);
    expect(await keychain.get(account)).toBe(proved.body.rememberSecret);

    const third = await signIn();
    expect(await manager.signedIn(third)).toMatchObject({ kind: 'signed-in', secondFactor: 'verified' });

    await keychain.set(account, 'B'.repeat(43));
    const fourth = await signIn();
    expect(await manager.signedIn(fourth)).toMatchObject({ kind: 'signed-in', secondFactor: 'required' });
    expect(await keychain.get(account)).toBeNull();
  }, 60_000);
});
