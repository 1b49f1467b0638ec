import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoOidcIdp } from '../../../main/demo/oidc-idp';
import { postgresTarget, sqliteTarget } from '../../support/store-targets';
import { ADMIN_TOKEN, startTestBackend, type TestBackend } from '../../support/test-backend';
import { adminTenantYaml, IDP_USERS, makeAdmin, placePerson, signIn, startAdminIdp } from './admin-tenant';

const [erin, ed, sam] = IDP_USERS;

describe.each([sqliteTarget(), postgresTarget()])('scoped administration on $name', (target) => {
  let idp: DemoOidcIdp;
  let b: TestBackend;
  let admin = '';
  let adminId = '';
  let edSession = '';
  let edId = '';
  let samId = '';
  let platformId = '';
  let salesId = '';

  beforeAll(async () => {
    await target.setup();
    idp = await startAdminIdp();
    b = await startTestBackend({ yaml: adminTenantYaml(idp.issuer), db: await target.fresh() });
    adminId = (await signIn(b, erin.email, erin.password)).userId;
    await makeAdmin(b, adminId);
    admin = (await signIn(b, erin.email, erin.password)).session;
    ({ session: edSession, userId: edId } = await signIn(b, ed.email, ed.password));
    samId = (await signIn(b, sam.email, sam.password)).userId;
    platformId = await placePerson(b, 'pat@acme.test', 'Platform');
    salesId = await placePerson(b, 'sue@sales.acme.test', 'Sales', 'Employee');
  });
  afterAll(async () => {
    await b?.close();
    await idp?.close();
    await target.teardown();
  });

  const as = (token: string) => ({
    get: (p: string) => b.api('GET', p, { token }),
    post: (p: string, body?: unknown) => b.api('POST', p, { token, ...(body === undefined ? {} : { body }) }),
    patch: (p: string, body: unknown) => b.api('PATCH', p, { token, body }),
    del: (p: string) => b.api('DELETE', p, { token }),
  });

  it('tells an admin their scope and permissions', async () => {
    const me = await as(admin).get('/v1/admin/me');
    expect(me.body).toMatchObject({ actor: erin.email, scope: 'Engineering', nodes: ['Engineering', 'Platform'], permissions: ['users', 'devices', 'audit'] });
  });

  it('lists only the people in the scope node and its descendants; the admin token sees everyone', async () => {
    const scoped = await as(admin).get('/v1/admin/users?limit=50');
    expect(scoped.status).toBe(200);
    const emails = scoped.body.users.map((u: { email: string }) => u.email);
    expect(emails).toEqual(['ed@acme.test', erin.email, 'pat@acme.test']);
    expect(scoped.body.total).toBe(3);
    const all = await as(ADMIN_TOKEN).get('/v1/admin/users?limit=50');
    expect(all.body.total).toBe(5);
    expect(all.body.users.map((u: { email: string }) => u.email)).toContain(sam.email);
    // A filter naming an out-of-scope node does not widen the scope.
    expect((await as(admin).get('/v1/admin/users?node=Sales')).body).toMatchObject({ total: 0, users: [] });
  });

  it('searches by the start of the email, and describes each person without vault contents', async () => {
    const res = await as(admin).get('/v1/admin/users?q=ED%40');
    expect(res.body.total).toBe(1);
    expect(res.body.users[0]).toEqual({
      id: edId,
      email: 'ed@acme.test',
      status: 'active',
      node: 'Engineering',
      role: 'Engineer',
      source: 'jit',
      createdAt: expect.any(String),
      lastSignInAt: expect.any(String),
      devices: 1,
      secondFactorMethods: [],
      stage: 'vault',
    });
    // LIKE wildcards in the search are literal.
    expect((await as(admin).get('/v1/admin/users?q=%25')).body.total).toBe(0);
  });

  it('reads and changes nobody outside the scope: every route answers not_found and nothing changes', async () => {
    for (const id of [samId, salesId]) {
      expect(await as(admin).get(`/v1/admin/users/${id}`)).toMatchObject({ status: 404, body: { error: 'not_found' } });
      expect((await as(admin).post(`/v1/admin/users/${id}/deactivate`)).status).toBe(404);
      expect((await as(admin).post(`/v1/admin/users/${id}/reset-second-factor`)).status).toBe(404);
      expect((await as(admin).patch(`/v1/admin/users/${id}`, { role: 'Engineer' })).status).toBe(404);
      expect((await as(admin).del(`/v1/admin/users/${id}/devices/any-device`)).status).toBe(404);
    }
    const sue = await b.backend.store.users.findById(salesId);
    expect(sue).toMatchObject({ status: 'invited', node: 'Sales', role: 'Employee' });
    const samNow = await as(ADMIN_TOKEN).get(`/v1/admin/users/${samId}`);
    expect(samNow.body.user).toMatchObject({ status: 'active', devices: 1 });
  });

  it('cannot move someone out of the scope, nor into an unknown role', async () => {
    expect(await as(admin).patch(`/v1/admin/users/${platformId}`, { node: 'Sales' })).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect(await as(admin).patch(`/v1/admin/users/${platformId}`, { role: 'Nope' })).toMatchObject({ status: 400, body: { error: 'bad_request' } });
    const moved = await as(admin).patch(`/v1/admin/users/${platformId}`, { node: 'Engineering' });
    expect(moved).toMatchObject({ status: 200, body: { node: 'Engineering' } });
  });

  it('deactivates a person in scope: their session ends at once, and the audit names the admin', async () => {
    expect((await b.api('GET', '/v1/me', { token: edSession })).status).toBe(200);
    const res = await as(admin).post(`/v1/admin/users/${edId}/deactivate`);
    expect(res).toMatchObject({ status: 200, body: { id: edId, status: 'deactivated' } });
    expect((await b.api('GET', '/v1/me', { token: edSession })).status).toBe(401);
    const events = await as(admin).get(`/v1/admin/events?type=user.deactivated&user=${edId}`);
    expect(events.body.events[0]).toMatchObject({ type: 'user.deactivated', userId: edId, userEmail: 'ed@acme.test', details: { actor: erin.email } });
    const back = await as(admin).post(`/v1/admin/users/${edId}/activate`);
    expect(back.body.status).toBe('active');
  });

  it('refuses to let an admin deactivate their own account', async () => {
    expect(await as(admin).post(`/v1/admin/users/${adminId}/deactivate`)).toMatchObject({ status: 403, body: { error: 'forbidden' } });
  });

  it('shows only the audit events of the scope, filtered and paged', async () => {
    const mine = await as(admin).get('/v1/admin/events?limit=1000');
    const users = new Set(mine.body.events.map((e: { userId: string | null }) => e.userId));
    expect(users.has(samId)).toBe(false);
    expect(users.has(edId)).toBe(true);
    const all = await as(ADMIN_TOKEN).get(`/v1/admin/events?user=${encodeURIComponent(sam.email)}`);
    expect(all.body.events.length).toBeGreaterThan(0);
    const first = await as(admin).get('/v1/admin/events?limit=2');
    expect(first.body.events).toHaveLength(2);
    const next = await as(admin).get(`/v1/admin/events?limit=2&before=${first.body.nextBefore}`);
    expect(next.body.events[0].seq).toBeLessThan(first.body.events[1].seq);
    const failures = await as(admin).get('/v1/admin/events?outcome=failure');
    expect(failures.body.events.every((e: { reason: string | null }) => e.reason !== null)).toBe(true);
    const future = await as(admin).get(`/v1/admin/events?from=${encodeURIComponent('2999-01-01T00:00:00Z')}`);
    expect(future.body.events).toEqual([]);
    // A cursor above any sequence number the server hands out (PostgreSQL's is 32-bit) reads
    // from the newest event, on every store.
    for (const before of [2 ** 31, Number.MAX_SAFE_INTEGER]) {
      expect((await as(admin).get(`/v1/admin/events?limit=2&before=${before}`)).body.events, String(before)).toEqual(first.body.events);
    }
  });

  it('sees failed sign-ins on its own connections (email tried, IP, reason) but not on others', async () => {
    await b.api('POST', '/v1/sso/start', { body: { email: 'nobody@unknown.test', redirectUri: 'http://127.0.0.1:53682/cb' } });
    const start = await b.api('POST', '/v1/sso/start', { body: { email: 'who@acme.test', redirectUri: 'http://127.0.0.1:53682/sso/oidc/callback' } });
    await b.api('POST', '/v1/sso/complete', { body: { transactionId: start.body.transactionId, callbackUrl: 'http://127.0.0.1:53682/sso/oidc/callback?state=wrong&code=x' } });
    const salesStart = await b.api('POST', '/v1/sso/start', { body: { email: 'x@sales.acme.test', redirectUri: 'http://127.0.0.1:53682/sso/oidc/callback' } });
    await b.api('POST', '/v1/sso/complete', { body: { transactionId: salesStart.body.transactionId, callbackUrl: 'http://127.0.0.1:53682/sso/oidc/callback?state=wrong&code=x' } });

    const all = (await as(ADMIN_TOKEN).get('/v1/admin/events?type=sign_in.failed')).body.events;
    expect(all.find((e: { email: string }) => e.email === 'nobody@unknown.test')).toMatchObject({ reason: 'no_sso_for_domain', ip: '127.0.0.1', details: { stage: 'start' } });
    expect(all.find((e: { email: string }) => e.email === 'x@sales.acme.test')).toMatchObject({ reason: 'invalid_response', connectionId: 'sales-oidc' });
    const scoped = (await as(admin).get('/v1/admin/events?type=sign_in.failed')).body.events;
    expect(scoped.map((e: { email: string }) => e.email)).toEqual(['who@acme.test']);
    expect(scoped[0]).toMatchObject({ reason: 'invalid_response', ip: '127.0.0.1', connectionId: 'acme-oidc', details: { stage: 'complete' } });
  });

  it('exports the filtered audit log as CSV, within the scope', async () => {
    const res = await fetch(`${b.url}/v1/admin/events.csv?type=sign_in.failed`, { headers: { authorization: `Bearer ${admin}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toBe('seq,at,type,outcome,reason,user_id,user_email,email_tried,ip,connection_id,details');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('who@acme.test');
  });

  it('counts the rollout per node of the scope', async () => {
    const res = await as(admin).get('/v1/admin/rollout');
    expect(res.body.nodes.map((n: { node: string }) => n.node)).toEqual(['Engineering', 'Platform']);
    expect(res.body.total).toEqual({ provisioned: 3, signedIn: 2, vaultCreated: 0, onboardingFinished: 0, secondFactorEnrolled: 0, passwordsImported: 0 });
    const stuck = await as(admin).get('/v1/admin/rollout/stuck?stage=sign_in');
    expect(stuck.body.people.map((p: { email: string }) => p.email)).toEqual(['pat@acme.test']);
  });

  it('asks a signed-in person without an admin grant for credentials, and a missing permission is forbidden', async () => {
    const samSession = (await signIn(b, sam.email, sam.password)).session;
    expect(await as(samSession).get('/v1/admin/users')).toMatchObject({ status: 401, body: { error: 'unauthorized' } });
    expect(await as(admin).get('/v1/admin/connections')).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect(await as('not-a-token').get('/v1/admin/events')).toMatchObject({ status: 401, body: { error: 'unauthorized' } });
  });
});
