import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PACKAGED_APP, WEB_HOST, advance, openServiceFixture, type ServiceFixture } from './service-fixture';
import { SoftwareAuthenticator } from './software-authenticator';

let f: ServiceFixture;
beforeEach(async () => {
  f = await openServiceFixture();
});
afterEach(async () => {
  await f.close();
});

async function register(origin: string, userId = 'alice') {
  const key = new SoftwareAuthenticator(origin);
  const options = await f.service.webAuthnRegistrationOptions(userId, `${userId}@acme.test`, origin);
  await f.service.verifyWebAuthnRegistration(userId, key.register(options));
  return key;
}

describe('WebAuthn registration and authentication', () => {
  it.each([
    ['the packaged app', PACKAGED_APP],
    ['the web host', WEB_HOST],
  ])('registers and authenticates a P-256 key from %s', async (_name, party) => {
    const key = new SoftwareAuthenticator(party.origin);
    const options = await f.service.webAuthnRegistrationOptions('alice', 'alice@acme.test', party.origin);
    expect(options.rp).toEqual({ name: 'Keyhaven', id: party.rpId });
    expect(options.authenticatorSelection?.userVerification).toBe('preferred');
    expect(options.attestation).toBe('none');
    await f.service.verifyWebAuthnRegistration('alice', key.register(options));
    expect(await f.service.enrolledMethods('alice')).toEqual(['webauthn']);

    const request = await f.service.webAuthnAuthenticationOptions('alice', party.origin);
    expect(request.rpId).toBe(party.rpId);
    expect(request.allowCredentials?.map((c) => c.id)).toEqual([key.id]);
    await f.service.verifyWebAuthnAuthentication('alice', key.authenticate(request));
    const row = f.database.raw.prepare('select counter from two_factor_webauthn where id = ?').get(key.id) as { counter: number };
    expect(row.counter).toBe(key.counter);
  });

  it('uses the first relying party when no origin is named', async () => {
    const options = await f.service.webAuthnRegistrationOptions('alice', 'alice@acme.test');
    expect(options.rp.id).toBe(PACKAGED_APP.rpId);
  });

  it('refuses an origin that is not configured', async () => {
    await expect(f.service.webAuthnRegistrationOptions('alice', 'a', 'https://evil.test')).rejects.toMatchObject({ code: 'bad_request' });
  });

  it('excludes already registered keys from new registrations', async () => {
    const key = await register(PACKAGED_APP.origin);
    const options = await f.service.webAuthnRegistrationOptions('alice', 'alice@acme.test', PACKAGED_APP.origin);
    expect(options.excludeCredentials?.map((c) => c.id)).toEqual([key.id]);
  });

  it('refuses a response from the other host than the challenge was issued for', async () => {
    const key = new SoftwareAuthenticator(WEB_HOST.origin);
    const options = await f.service.webAuthnRegistrationOptions('alice', 'alice@acme.test', PACKAGED_APP.origin);
    await expect(f.service.verifyWebAuthnRegistration('alice', key.register(options, { origin: WEB_HOST.origin, rpId: WEB_HOST.rpId }))).rejects.toMatchObject({
      code: 'invalid_two_factor_code',
    });
    expect(await f.service.enrolledMethods('alice')).toEqual([]);
  });

  it('refuses a registration signed for another RP ID', async () => {
    const key = new SoftwareAuthenticator(PACKAGED_APP.origin);
    const options = await f.service.webAuthnRegistrationOptions('alice', 'alice@acme.test', PACKAGED_APP.origin);
    await expect(f.service.verifyWebAuthnRegistration('alice', key.register(options, { rpId: 'evil.test' }))).rejects.toMatchObject({
      code: 'invalid_two_factor_code',
    });
  });

  it('uses each challenge once', async () => {
    const key = await register(PACKAGED_APP.origin);
    const request = await f.service.webAuthnAuthenticationOptions('alice');
    const response = key.authenticate(request);
    await f.service.verifyWebAuthnAuthentication('alice', response);
    await expect(f.service.verifyWebAuthnAuthentication('alice', response)).rejects.toMatchObject({ code: 'challenge_expired' });
  });

  it('refuses a response after the challenge expired', async () => {
    const key = await register(PACKAGED_APP.origin);
    const request = await f.service.webAuthnAuthenticationOptions('alice');
    advance(f.clock, 6 * 60_000);
    await expect(f.service.verifyWebAuthnAuthentication('alice', key.authenticate(request))).rejects.toMatchObject({ code: 'challenge_expired' });
  });

  it('refuses a signature counter that went backwards (cloned authenticator)', async () => {
    const key = await register(PACKAGED_APP.origin);
    await f.service.verifyWebAuthnAuthentication('alice', key.authenticate(await f.service.webAuthnAuthenticationOptions('alice'), { counter: 5 }));
    const replay = key.authenticate(await f.service.webAuthnAuthenticationOptions('alice'), { counter: 3 });
    await expect(f.service.verifyWebAuthnAuthentication('alice', replay)).rejects.toMatchObject({ code: 'invalid_two_factor_code' });
  });

  it('refuses a signature by a key other than the registered one', async () => {
    const registered = await register(PACKAGED_APP.origin);
    const impostor = new SoftwareAuthenticator(PACKAGED_APP.origin);
    Object.defineProperty(impostor, 'credentialId', { value: registered.credentialId });
    const request = await f.service.webAuthnAuthenticationOptions('alice');
    await expect(f.service.verifyWebAuthnAuthentication('alice', impostor.authenticate(request))).rejects.toMatchObject({
      code: 'invalid_two_factor_code',
    });
  });

  it('does not let a user authenticate with another user’s key', async () => {
    const bobs = await register(PACKAGED_APP.origin, 'bob');
    await register(PACKAGED_APP.origin, 'alice');
    const request = await f.service.webAuthnAuthenticationOptions('alice');
    await expect(f.service.verifyWebAuthnAuthentication('alice', bobs.authenticate(request))).rejects.toMatchObject({
      code: 'invalid_two_factor_code',
    });
  });

  it('refuses to register a key already registered to another user', async () => {
    const key = await register(PACKAGED_APP.origin, 'bob');
    const options = await f.service.webAuthnRegistrationOptions('alice', 'alice@acme.test');
    await expect(f.service.verifyWebAuthnRegistration('alice', key.register(options))).rejects.toMatchObject({ code: 'conflict' });
  });
});
