import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoOidcIdp } from '../../../main/demo/oidc-idp';
import { totpCode } from '../../../main/vault/totp/totp';
import { postgresTarget, sqliteTarget } from '../../support/store-targets';
import { ADMIN_TOKEN, startTestBackend, type TestBackend } from '../../support/test-backend';
import { adminTenantYaml, IDP_USERS, makeAdmin, signIn, startAdminIdp } from './admin-tenant';

const [erin, ed] = IDP_USERS;

describe.each([sqliteTarget(), postgresTarget()])('admin actions on $name', (target) => {
  let idp: DemoOidcIdp;
  let b: TestBackend;
  let admin = '';
  let edId = '';

  beforeAll(async () => {
    await target.setup();
    idp = await startAdminIdp();
    b = await startTestBackend({ yaml: adminTenantYaml(idp.issuer), db: await target.fresh() });
    await makeAdmin(b, (await signIn(b, erin.email, erin.password)).userId);
    admin = (await signIn(b, erin.email, erin.password)).session;
    edId = (await signIn(b, ed.email, ed.password)).userId;
  });
  afterAll(async () => {
    await b?.close();
    await idp?.close();
    await target.teardown();
  });

  it('resets a second factor: the methods are gone, the sessions end, and the audit names the admin', async () => {
    const { session } = await signIn(b, ed.email, ed.password);
    const begun = await b.api('POST', '/v1/two-factor/totp/begin', { token: session, body: {} });
    expect(begun.status).toBe(200);
    const confirmed = await b.api('POST', '/v1/two-factor/totp/confirm', { token: session, body: { code: totpCode(begun.body.secret, new Date()) } });
    expect(confirmed.status).toBe(200);
    expect((await b.api('GET', `/v1/admin/users/${edId}`, { token: admin })).body.user.secondFactorMethods).toEqual(['totp']);

    const reset = await b.api('POST', `/v1/admin/users/${edId}/reset-second-factor`, { token: admin });
    expect(reset).toMatchObject({ status: 200, body: { id: edId, secondFactorMethods: [] } });
    expect((await b.api('GET', '/v1/me', { token: session })).status).toBe(401);
    const events = await b.api('GET', `/v1/admin/events?type=two_factor.reset&user=${edId}`, { token: admin });
    expect(events.body.events).toHaveLength(1);
    expect(events.body.events[0].details).toEqual({ actor: erin.email });
  });

  it('removes a device of a person in scope; an unknown device is not_found and nothing else changes', async () => {
    const before = await b.api('GET', `/v1/admin/users/${edId}`, { token: admin });
    const [device] = before.body.devices;
    expect(await b.api('DELETE', `/v1/admin/users/${edId}/devices/no-such-device`, { token: admin })).toMatchObject({ status: 404, body: { error: 'not_found' } });
    expect((await b.api('GET', `/v1/admin/users/${edId}`, { token: admin })).body.devices).toHaveLength(before.body.devices.length);
    const removed = await b.api('DELETE', `/v1/admin/users/${edId}/devices/${device.id}`, { token: admin });
    expect(removed.status).toBe(200);
    expect(removed.body.devices.map((d: { id: string }) => d.id)).not.toContain(device.id);
    const audit = await b.api('GET', `/v1/admin/events?type=admin.device_removed&user=${edId}`, { token: admin });
    expect(audit.body.events[0].details).toEqual({ actor: erin.email, deviceId: device.id });
  });

  it('moves a person within the scope and changes their role, audited with before and after', async () => {
    const moved = await b.api('PATCH', `/v1/admin/users/${edId}`, { token: admin, body: { node: 'Platform', role: 'Employee' } });
    expect(moved).toMatchObject({ status: 200, body: { node: 'Platform', role: 'Employee' } });
    const audit = await b.api('GET', `/v1/admin/events?type=user.placement_changed&user=${edId}`, { token: admin });
    expect(audit.body.events[0].details).toEqual({ actor: erin.email, from: { node: 'Engineering', role: 'Engineer' }, to: { node: 'Platform', role: 'Employee' } });
    expect(await b.api('PATCH', `/v1/admin/users/${edId}`, { token: admin, body: {} })).toMatchObject({ status: 400, body: { error: 'bad_request' } });
  });

  it('audits a failed lookup with the email tried and the IP', async () => {
    expect((await b.api('GET', '/v1/sso/lookup?email=someone%40nowhere.test')).status).toBe(404);
    const events = await b.api('GET', '/v1/admin/events?type=sign_in.failed&user=someone%40nowhere.test', { token: ADMIN_TOKEN });
    expect(events.body.events[0]).toMatchObject({ reason: 'no_sso_for_domain', email: 'someone@nowhere.test', ip: '127.0.0.1', outcome: 'failure', details: { stage: 'lookup' } });
  });

  it('answers bad input with the field named: an unknown stage, a bad date, a page too large', async () => {
    for (const q of ['/v1/admin/users?stage=nope', '/v1/admin/events?from=yesterday', '/v1/admin/users?limit=5000']) {
      const res = await b.api('GET', q, { token: admin });
      expect(res.status, q).toBe(400);
      expect(res.body.error).toBe('bad_request');
    }
  });
});
