import { describe, expect, it } from 'vitest';
import { useIdpAndBackend } from '../../support/idp-and-backend';
import { signedIn } from '../../support/oidc-session';
import { DEMO_USERS, oidcTenantYaml, startIdp } from '../../support/oidc-tenant';

/** Each device's wrapped data key row may be written only by a session of that device. */
const alice = { email: DEMO_USERS[0].email, password: DEMO_USERS[0].password };
const laptop = { id: 'device-laptop-0001', name: 'Laptop', platform: 'linux' };
const phone = { id: 'device-phone-00001', name: 'Desktop 2', platform: 'win32' };
const keys = (deviceId: string, wrapped: string) => ({ deviceId, wrappedDataKey: wrapped, publicKey: 'cHVi', wrappedPrivateKey: 'd3Br' });

describe('device key rows', () => {
  const t = useIdpAndBackend({ startIdp, yaml: oidcTenantYaml });

  it('a session writes its own device’s row; another device’s row is refused with 403 forbidden and left as it was', async () => {
    const onLaptop = await signedIn(t.b, alice, laptop);
    const onPhone = await signedIn(t.b, alice, phone);

    expect(await t.b.api('POST', '/v1/vault', { token: onPhone.session, body: keys(laptop.id, 'bGFwdG9wLWtleQ==') })).toMatchObject({
      status: 403,
      body: { error: 'forbidden' },
    });
    expect((await t.b.api('POST', '/v1/vault', { token: onLaptop.session, body: keys(laptop.id, 'bGFwdG9wLWtleQ==') })).status).toBe(201);

    // The full body and the short one (wrapped key only) alike.
    expect(await t.b.api('POST', '/v1/vault/keys', { token: onPhone.session, body: keys(laptop.id, 'YXR0YWNrZXI=') })).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect(await t.b.api('POST', '/v1/vault/keys', { token: onPhone.session, body: { deviceId: laptop.id, wrappedDataKey: 'YXR0YWNrZXI=' } })).toMatchObject({
      status: 403,
      body: { error: 'forbidden' },
    });
    expect((await t.b.api('GET', '/v1/vault', { token: onLaptop.session })).body.keys).toMatchObject({ deviceId: laptop.id, wrappedDataKey: 'bGFwdG9wLWtleQ==' });

    expect((await t.b.api('POST', '/v1/vault/keys', { token: onPhone.session, body: { deviceId: phone.id, wrappedDataKey: 'cGhvbmUta2V5' } })).status).toBe(200);
    expect((await t.b.api('GET', '/v1/vault', { token: onPhone.session })).body.keys).toMatchObject({ deviceId: phone.id, wrappedDataKey: 'cGhvbmUta2V5' });
    expect((await t.b.api('GET', '/v1/vault', { token: onLaptop.session })).body.keys).toMatchObject({ deviceId: laptop.id, wrappedDataKey: 'bGFwdG9wLWtleQ==' });
  });
});
