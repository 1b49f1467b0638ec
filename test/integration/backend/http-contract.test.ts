import { totpCode } from '../../../main/vault/totp/totp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoOidcIdp } from '../../../main/demo/oidc-idp';
import { DEMO_USERS, oidcTenantYaml, reachCallback, startIdp } from '../../support/oidc-tenant';
import { ADMIN_TOKEN, startTestBackend, type TestBackend } from '../../support/test-backend';

const EXT = 'urn:keyhaven:params:scim:schemas:extension:1.0:User';
const alice = { login: DEMO_USERS[0].email, password: DEMO_USERS[0].password };
const keys = (deviceId: string) => ({ deviceId, wrappedDataKey: 'd2RrLWNpcGhlcnRleHQ=', publicKey: 'cHVi', wrappedPrivateKey: 'd3Br' });

describe('backend HTTP contract', () => {
  let idp: DemoOidcIdp;
  let b: TestBackend;
  let session = '';
  let userId = '';
  let deviceId = '';

  beforeAll(async () => {
    idp = await startIdp();
    b = await startTestBackend({ yaml: oidcTenantYaml(idp.issuer) });
    const { transactionId, callbackUrl } = await reachCallback(b, 'alice@acme.test', alice);
    const res = await b.api('POST', '/v1/sso/complete', { body: { transactionId, callbackUrl } });
    ({ session, deviceId } = res.body);
    userId = res.body.user.id;
  });
  afterAll(async () => {
    await b?.close();
    await idp?.close();
  });

  it('answers /healthz', async () => {
    const res = await b.api('GET', '/healthz');
    expect(res).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('looks up the SSO connection by email or bare domain', async () => {
    expect((await b.api('GET', '/v1/sso/lookup?email=Someone@ACME.test')).body).toEqual({ connectionId: 'acme-oidc', type: 'oidc', node: 'Engineering' });
    expect((await b.api('GET', '/v1/sso/lookup?email=sales.acme.test')).body).toEqual({ connectionId: 'sales-oidc', type: 'oidc', node: 'Sales' });
  });

  it('answers no_sso_for_domain for a domain nobody reserved, and bad input with invalid_email', async () => {
    expect(await b.api('GET', '/v1/sso/lookup?email=x@other.test')).toMatchObject({ status: 404, body: { error: 'no_sso_for_domain' } });
    expect(await b.api('POST', '/v1/sso/start', { body: { email: 'x@other.test', redirectUri: 'http://127.0.0.1:5000/cb' } })).toMatchObject({ status: 404, body: { error: 'no_sso_for_domain' } });
    const bad = await b.api('GET', '/v1/sso/lookup?email=not%20an%20email');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('invalid_email');
  });

  it('answers every error as {error, message}: unknown route, bad JSON, wrong shape, too large', async () => {
    const notFound = await b.api('GET', '/nope');
    expect(notFound).toMatchObject({ status: 404, body: { error: 'not_found' } });
    const badJson = await fetch(`${b.url}/v1/sso/start`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":' });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ error: 'bad_request', message: expect.any(String) });
    const shape = await b.api('POST', '/v1/sso/start', { body: { email: 'a@acme.test', redirectUri: 'http://127.0.0.1:1/cb', extra: 1 } });
    expect(shape).toMatchObject({ status: 400, body: { error: 'bad_request' } });
    const big = await b.api('POST', '/v1/sso/start', { body: { email: 'a'.repeat(300 * 1024), redirectUri: 'x' } });
    expect(big).toMatchObject({ status: 413, body: { error: 'payload_too_large' } });
  });

  it('guards SCIM and admin endpoints with the admin bearer token', async () => {
    for (const p of ['/scim/v2/Users', `/scim/v2/Users/${userId}`, '/v1/admin/events']) {
      expect((await b.api('GET', p)).status, p).toBe(401);
      const wrong = await b.api('GET', p, { token: `${ADMIN_TOKEN}x` });
      expect(wrong).toMatchObject({ status: 401, body: { error: 'unauthorized' } });
    }
    expect((await b.api('POST', `/v1/admin/users/${userId}/deactivate`, { token: session })).status).toBe(401);
  });

  it('serves SCIM users with filter, paging and the Keyhaven extension', async () => {
    const list = await b.api('GET', `/scim/v2/Users?filter=${encodeURIComponent('userName eq "ALICE@acme.test"')}`, { token: ADMIN_TOKEN });
    expect(list.status).toBe(200);
    expect(list.headers.get('content-type')).toMatch(/application\/scim\+json/);
    expect(list.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: 1,
      startIndex: 1,
      itemsPerPage: 1,
    });
    const user = list.body.Resources[0];
    expect(user.schemas).toEqual(['urn:ietf:params:scim:schemas:core:2.0:User', EXT]);
    expect(user).toMatchObject({ id: userId, userName: 'alice@acme.test', active: true, [EXT]: { node: 'Engineering', role: 'Engineer' } });
    expect(user.meta.location).toBe(`${b.url}/scim/v2/Users/${userId}`);

    const none = await b.api('GET', `/scim/v2/Users?filter=${encodeURIComponent('userName eq "nobody@acme.test"')}`, { token: ADMIN_TOKEN });
    expect(none.body).toMatchObject({ totalResults: 0, Resources: [] });
    const paged = await b.api('GET', '/scim/v2/Users?startIndex=2&count=10', { token: ADMIN_TOKEN });
    expect(paged.body).toMatchObject({ totalResults: 1, startIndex: 2, itemsPerPage: 0, Resources: [] });
    const badFilter = await b.api('GET', `/scim/v2/Users?filter=${encodeURIComponent('emails co "x"')}`, { token: ADMIN_TOKEN });
    expect(badFilter).toMatchObject({ status: 400, body: { error: 'bad_request' } });
    expect((await b.api('GET', `/scim/v2/Users/${userId}`, { token: ADMIN_TOKEN })).body.userName).toBe('alice@acme.test');
    expect(await b.api('GET', '/scim/v2/Users/unknown', { token: ADMIN_TOKEN })).toMatchObject({ status: 404, body: { error: 'not_found' } });
  });

  it('lists audit events newest first', async () => {
    const res = await b.api('GET', `/v1/admin/events?limit=3&userId=${userId}`, { token: ADMIN_TOKEN });
    expect(res.status).toBe(200);
    const at = res.body.events.map((e: { at: string }) => e.at);
    expect([...at].sort().reverse()).toEqual(at);
    expect(res.body.events[0]).toMatchObject({ type: 'sign_in.succeeded', userId });
  });

  it('refuses session endpoints without a valid session', async () => {
    expect(await b.api('GET', '/v1/me')).toMatchObject({ status: 401, body: { error: 'unauthorized' } });
    expect(await b.api('GET', '/v1/vault', { token: 'not-a-session' })).toMatchObject({ status: 401, body: { error: 'session_expired' } });
  });

  it('stores the encrypted vault: create once, sync records with optimistic revisions', async () => {
    expect((await b.api('GET', '/v1/vault', { token: session })).body).toEqual({ exists: false, revision: 0, keys: null, records: [] });
    expect((await b.api('POST', '/v1/vault', { token: session, body: keys(deviceId) })).status).toBe(201);
    expect(await b.api('POST', '/v1/vault', { token: session, body: keys(deviceId) })).toMatchObject({ status: 409, body: { error: 'vault_exists' } });

    const put = await b.api('PUT', '/v1/vault/records', { token: session, body: { changes: [{ id: 'rec-1', envelope: 'ZW52MQ==', baseRevision: null }] } });
    expect(put).toMatchObject({ status: 200, body: { revision: 1, records: [{ id: 'rec-1', revision: 1 }] } });

    // The role requires two-factor and none is enrolled yet: the vault is write-only.
    const staleBefore = await b.api('PUT', '/v1/vault/records', { token: session, body: { changes: [{ id: 'rec-1', envelope: 'ZW52Mg==', baseRevision: null }] } });
    expect(staleBefore).toMatchObject({ status: 409, body: { error: 'stale_revision', current: [] } });
    expect((await b.api('GET', '/v1/vault', { token: session })).body.records).toEqual([]);

    const begin = await b.api('POST', '/v1/two-factor/totp/begin', { token: session, body: {} });
    expect(begin.status).toBe(200);
    const code = totpCode(String(begin.body.secret), new Date());
    expect((await b.api('POST', '/v1/two-factor/totp/confirm', { token: session, body: { code } })).status).toBe(200);

    const stale = await b.api('PUT', '/v1/vault/records', { token: session, body: { changes: [{ id: 'rec-1', envelope: 'ZW52Mg==', baseRevision: null }] } });
    expect(stale).toMatchObject({ status: 409, body: { error: 'stale_revision', current: [{ id: 'rec-1', revision: 1, envelope: 'ZW52MQ==' }] } });

    const vault = await b.api('GET', '/v1/vault', { token: session });
    expect(vault.body).toMatchObject({ exists: true, revision: 1, keys: { deviceId, wrappedDataKey: 'd2RrLWNpcGhlcnRleHQ=', passwordWrappedDataKey: null } });
    expect(vault.body.records).toEqual([{ id: 'rec-1', revision: 1, envelope: 'ZW52MQ==', deleted: false }]);
    expect((await b.api('GET', '/v1/vault?since=1', { token: session })).body.records).toEqual([]);
    // Past the 32-bit revisions PostgreSQL stores (there it was a 500): refused, naming the field.
    expect(await b.api('GET', `/v1/vault?since=${2 ** 31}`, { token: session })).toMatchObject({ status: 400, body: { error: 'bad_request', message: expect.stringContaining('query.since') } });

    // A session writes only its own device's key row (another device's would be bricked).
    expect(await b.api('POST', '/v1/vault/keys', { token: session, body: keys('second-device') })).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect((await b.api('POST', '/v1/vault/keys', { token: session, body: keys(deviceId) })).status).toBe(200);
    const me = await b.api('GET', '/v1/me', { token: session });
    expect(me.body.vaultExists).toBe(true);
    expect(me.body.enrolledMethods).toEqual(['totp']);
  });

  it('caps envelope sizes and refuses malformed changes', async () => {
    const huge = await b.api('PUT', '/v1/vault/records', { token: session, body: { changes: [{ id: 'big', envelope: 'A'.repeat(70 * 1024), baseRevision: null }] } });
    expect(huge).toMatchObject({ status: 400, body: { error: 'bad_request' } });
    const noEnvelope = await b.api('PUT', '/v1/vault/records', { token: session, body: { changes: [{ id: 'x', baseRevision: null }] } });
    expect(noEnvelope.status).toBe(400);
  });

  it('stores onboarding progress per step', async () => {
    expect((await b.api('PUT', '/v1/onboarding', { token: session, body: { step: 'import', status: 'skipped' } })).status).toBe(200);
    expect((await b.api('PUT', '/v1/onboarding', { token: session, body: { step: 'teleport', status: 'done' } })).status).toBe(400);
    const got = await b.api('GET', '/v1/onboarding', { token: session });
    expect(got.body.progress).toEqual([{ step: 'import', status: 'skipped', updatedAt: expect.any(String) }]);
    expect((await b.api('GET', '/v1/me', { token: session })).body.onboarding).toEqual(got.body.progress);
  });

  it('never writes a session token or code to the log', async () => {
    const text = b.logs.join('');
    expect(text).not.toContain(session);
  });

  it('ends the session on logout', async () => {
    expect((await b.api('POST', '/v1/sessions/logout', { token: session })).status).toBe(200);
    expect((await b.api('GET', '/v1/me', { token: session })).status).toBe(401);
  });
});
