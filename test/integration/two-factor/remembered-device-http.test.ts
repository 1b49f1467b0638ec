import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoOidcIdp } from '../../../main/demo/oidc-idp';
import { totpCode } from '../../../main/vault/totp/totp';
import { enrolTotp, signedIn } from '../../support/oidc-session';
import { DEMO_USERS, oidcTenantYaml, startIdp } from '../../support/oidc-tenant';
import { startTestBackend, type TestBackend } from '../../support/test-backend';

/**
 * "Remember this device" over real HTTP against a real backend: the device id a client states
 * at sign-in is not secret (it is in audit events), so it must never skip the second factor on
 * its own; only the secret the server issued to that device does.
 */
const alice = { email: DEMO_USERS[0].email, password: DEMO_USERS[0].password };
const carol = { email: DEMO_USERS[4].email, password: DEMO_USERS[4].password };
const laptop = { id: 'device-alice-laptop', name: 'Alice laptop', platform: 'linux' };

describe('remembered second factor', () => {
  let idp: DemoOidcIdp;
  let b: TestBackend;
  let clockOffset = 0;
  const later = (ms: number) => {
    clockOffset += ms;
    b.advanceClock(ms);
    return new Date(Date.now() + clockOffset);
  };

  beforeAll(async () => {
    idp = await startIdp();
    b = await startTestBackend({ yaml: oidcTenantYaml(idp.issuer).replace('      twoFactorMethods: [totp]\n', '      twoFactorMethods: [totp]\n      rememberDeviceDays: 7\n') });
  });
  afterAll(async () => {
    await b?.close();
    await idp?.close();
  });

  it('skips TOTP only for a session that shows the secret issued to its device, not for one that claims the device id', async () => {
    const first = await signedIn(b, alice, laptop);
    const secret = await enrolTotpOrReuse(first.session);

    // A new session on the laptop proves TOTP and asks to be remembered: it gets a secret once.
    const second = await signedIn(b, alice, laptop);
    expect((await b.api('GET', '/v1/me', { token: second.session })).body.secondFactor).toBe('required');
    const proved = await b.api('POST', '/v1/two-factor/verify', { token: second.session, body: { method: 'totp', code: totpCode(secret, later(60_000)), rememberDevice: true } });
    expect(proved.status).toBe(200);
    expect(proved.body).toEqual({ verified: true, rememberedDevice: true, rememberSecret: expect.stringMatching(/^[\w-]{43}$/) });
    const rememberSecret = proved.body.rememberSecret as string;
    // Only its hash is stored.
    expect(JSON.stringify(await b.backend.store.kysely.selectFrom('two_factor_remembered_devices').selectAll().execute())).not.toContain(rememberSecret);

    // An attacker with Alice's SSO password states the laptop's device id: the second factor is still owed.
    const attacker = await signedIn(b, alice, laptop);
    expect(attacker.deviceId).toBe(laptop.id);
    expect((await b.api('GET', '/v1/me', { token: attacker.session })).body.secondFactor).toBe('required');
    expect(await b.api('GET', '/v1/vault', { token: attacker.session })).toMatchObject({ status: 401, body: { error: 'two_factor_required' } });
    const guessed = await b.api('POST', '/v1/two-factor/remembered-device', { token: attacker.session, body: { secret: 'A'.repeat(43) } });
    expect(guessed).toMatchObject({ status: 401, body: { error: 'invalid_two_factor_code' } });
    expect((await b.api('GET', '/v1/me', { token: attacker.session })).body.secondFactor).toBe('required');

    // The laptop itself shows its secret: no code needed.
    const third = await signedIn(b, alice, laptop);
    const remembered = await b.api('POST', '/v1/two-factor/remembered-device', { token: third.session, body: { secret: rememberSecret } });
    expect(remembered).toMatchObject({ status: 200, body: { verified: true } });
    expect((await b.api('GET', '/v1/me', { token: third.session })).body.secondFactor).toBe('verified');
    expect((await b.api('GET', '/v1/vault', { token: third.session })).status).toBe(200);
  });

  it('does not accept the secret from another device or another user, nor after the policy’s days', async () => {
    const laptopSession = await signedIn(b, alice, laptop);
    const secret = await enrolTotpOrReuse(laptopSession.session);
    const proved = await b.api('POST', '/v1/two-factor/verify', {
      token: laptopSession.session,
      body: { method: 'totp', code: totpCode(secret, later(60_000)), rememberDevice: true },
    });
    const rememberSecret = proved.body.rememberSecret as string;

    const otherDevice = await signedIn(b, alice, { id: 'device-alice-desktop', name: 'Desktop', platform: 'linux' });
    expect((await b.api('POST', '/v1/two-factor/remembered-device', { token: otherDevice.session, body: { secret: rememberSecret } })).status).toBe(401);

    const carolSession = await signedIn(b, carol, laptop);
    expect((await b.api('POST', '/v1/two-factor/remembered-device', { token: carolSession.session, body: { secret: rememberSecret } })).status).toBe(401);

    later(8 * 86_400_000);
    const expired = await signedIn(b, alice, laptop);
    expect((await b.api('POST', '/v1/two-factor/remembered-device', { token: expired.session, body: { secret: rememberSecret } })).status).toBe(401);
  });

  /** Alice enrolled in the first test; her secret is kept across tests. */
  let aliceSecret: string | null = null;
  async function enrolTotpOrReuse(session: string): Promise<string> {
    aliceSecret ??= await enrolTotp(b, session);
    return aliceSecret;
  }
});
