import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SessionView } from '../../../preload/contract';
import type { DemoOidcIdp } from '../../../main/demo/oidc-idp';
import { createLogger } from '../../../main/log/logger';
import { createApiClient } from '../../../main/api/api-client';
import type { SignInAnswer } from '../../../main/api/endpoints/sso';
import { createSessionManager, type SessionManager } from '../../../main/sso/session-manager';
import { sessionAccount } from '../../../main/sso/session-store';
import type { Keychain } from '../../../main/vault/keychain/keychain';
import { createKeytarKeychain } from '../../../main/vault/keychain/keytar-keychain';
import { signInOidc } from '../../support/oidc-session';
import { DEMO_USERS, oidcTenantYaml, startIdp } from '../../support/oidc-tenant';
import { startTestBackend, type TestBackend } from '../../support/test-backend';
import { startPrivateKeyring, type PrivateKeyring } from '../vault/private-keyring';

/**
 * The session manager against a real backend and the real OS keychain (gnome-keyring): the token
 * lives in the keychain only, a restart finds it there, sign-out and a session the backend no
 * longer knows leave nothing behind.
 */
const alice = { email: DEMO_USERS[0].email, password: DEMO_USERS[0].password };
const device = { id: 'device-session-manager-1', name: 'Test laptop', platform: 'linux' };

describe('session manager', () => {
  let idp: DemoOidcIdp;
  let b: TestBackend;
  let keyring: PrivateKeyring | null = null;
  let keychain: Keychain;
  const managers: SessionManager[] = [];
  const emitted: SessionView[] = [];

  beforeAll(async () => {
    if (!(process.env.KEYHAVEN_TEST_KEYRING === '1' && process.env.DBUS_SESSION_BUS_ADDRESS)) {
      keyring = await startPrivateKeyring();
      process.env.DBUS_SESSION_BUS_ADDRESS = keyring.busAddress;
    }
    keychain = createKeytarKeychain({ service: 'Keyhaven-session-manager-test' });
    idp = await startIdp();
    b = await startTestBackend({ yaml: oidcTenantYaml(idp.issuer) });
  });
  afterAll(async () => {
    for (const m of managers) m.close();
    await keychain?.delete(sessionAccount(b.url)).catch(() => undefined);
    await b?.close();
    await idp?.close();
    await keyring?.stop();
  });

  /** A manager as a fresh start of the app makes it (same keychain, same backend). */
  const launch = (): SessionManager => {
    const m = createSessionManager({ backend: createApiClient({ baseUrl: b.url }), keychain, device, logger: createLogger({ level: 'silent' }), emit: (v) => emitted.push(v) });
    managers.push(m);
    return m;
  };
  const signIn = async (): Promise<SignInAnswer> => {
    const res = await signInOidc(b, alice, { device });
    if (res.status !== 200) throw new Error(`sign-in failed: ${JSON.stringify(res.body)}`);
    return res.body as SignInAnswer;
  };

  it('keeps the session in the keychain only; the next launch is signed in without a sign-in', async () => {
    const answer = await signIn();
    const first = launch();
    expect(await first.signedIn(answer)).toMatchObject({ kind: 'signed-in', user: { email: alice.email } });
    const stored = JSON.parse((await keychain.get(sessionAccount(b.url)))!) as { token: string; userId: string };
    expect(stored).toMatchObject({ token: answer.session, userId: answer.user.id });
    expect(first.active().token).toBe(answer.session);

    const next = launch();
    expect(await next.view()).toMatchObject({ kind: 'signed-in', user: { email: alice.email } });
  }, 60_000);

  it('callers asking at once during a restore all wait for the keychain unlock (none sees a locked vault)', async () => {
    const answer = await signIn();
    const first = launch();
    await first.signedIn(answer);
    const { vault, policy, deviceId } = first.active();
    await vault.create({ deviceId, rules: policy.masterPassword, requireMasterPassword: false });

    const next = launch();
    const firstView = next.view();
    // The moment the restored session is set, before the keychain unlock has finished, ask again.
    await vi.waitUntil(() => {
      try {
        next.active();
        return true;
      } catch {
        return false;
      }
    }, { interval: 1, timeout: 20_000 });
    const askedDuringRestore = await next.view();
    expect(askedDuringRestore).toMatchObject({ kind: 'signed-in', vaultExists: true, vaultUnlocked: true });
    expect(await firstView).toMatchObject({ kind: 'signed-in', vaultExists: true, vaultUnlocked: true });
  }, 60_000);

  it('signing out ends the session on the backend and forgets it here', async () => {
    const answer = await signIn();
    const m = launch();
    await m.signedIn(answer);
    expect(await m.signOut()).toEqual({ kind: 'signed-out' });
    expect(await keychain.get(sessionAccount(b.url))).toBeNull();
    expect((await b.api('GET', '/v1/me', { token: answer.session })).status).toBe(401);
    expect(() => m.active()).toThrow(expect.objectContaining({ code: 'session_expired' }));
    expect(emitted.at(-1)).toEqual({ kind: 'signed-out' });
  }, 60_000);

  it('a stored session the backend no longer knows is dropped at the next launch', async () => {
    const answer = await signIn();
    await launch().signedIn(answer);
    await b.api('POST', '/v1/sessions/logout', { token: answer.session, body: {} });
    const next = launch();
    expect(await next.view()).toEqual({ kind: 'signed-out' });
    expect(await keychain.get(sessionAccount(b.url))).toBeNull();
  }, 60_000);
});
