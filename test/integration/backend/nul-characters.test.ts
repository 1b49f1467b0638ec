import { describe, expect, it } from 'vitest';
import { postgresTarget, sqliteTarget } from '../../support/store-targets';
import { ADMIN_TOKEN, ERROR_SCHEMA, GROUP_SCHEMA, PATCH_OP, USER_SCHEMA, scimBackendFor, scimRows } from '../scim/scim-support';

const NUL = 'a\u0000b';
const q = encodeURIComponent;

/**
 * U+0000 cannot be stored in a PostgreSQL text column: such a request used to fail as a 500
 * there (or, for the audit CSV, as a cut connection after its 200), while SQLite stored it.
 * Every store now gets the same 400 naming the field, and nothing is written.
 */
describe.each([sqliteTarget(), postgresTarget()])('a NUL character in a request on $name', (target) => {
  const env = scimBackendFor(target);
  const rows = () => scimRows(env.b);

  it('is refused by SCIM as invalidValue naming the attribute, on every store, and writes nothing', async () => {
    const userId = (await env.okta('POST', '/Users', { schemas: [USER_SCHEMA], userName: 'nul-kept@acme.test' })).body.id as string;
    const groupId = (await env.okta('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'Nul kept' })).body.id as string;
    const before = await rows();
    const refusals: [Promise<{ status: number; body: any }>, string][] = [
      [env.okta('POST', '/Users', { schemas: [USER_SCHEMA], userName: `n${NUL}@acme.test` }), 'body.userName'],
      [env.okta('POST', '/Users', { schemas: [USER_SCHEMA], userName: 'nul-x@acme.test', externalId: NUL }), 'body.externalId'],
      [env.okta('POST', '/Users', { schemas: [USER_SCHEMA], userName: 'nul-t@acme.test', name: { givenName: NUL } }), 'body.name.givenName'],
      [env.okta('PUT', `/Users/${userId}`, { schemas: [USER_SCHEMA], userName: 'nul-kept@acme.test', title: NUL }), 'body.title'],
      [env.entra('PATCH', `/Users/${userId}`, { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'displayName', value: NUL }] }), 'body.Operations.0.value'],
      [env.okta('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: NUL }), 'body.displayName'],
      [env.entra('PATCH', `/Groups/${groupId}`, { schemas: [PATCH_OP], Operations: [{ op: 'Add', path: 'members', value: [{ value: NUL }] }] }), 'body.Operations.0.value.0.value'],
      [env.okta('GET', `/Users/${q(NUL)}`), 'path.id'],
      [env.okta('GET', `/Groups/${q(NUL)}`), 'path.id'],
      [env.okta('DELETE', `/Users/${q(NUL)}`), 'path.id'],
      [env.okta('GET', `/Users?filter=${q('userName eq "x"')}&attributes=${q(NUL)}`), 'query.attributes'],
    ];
    for (const [pending, field] of refusals) {
      const res = await pending;
      expect(res.status, field).toBe(400);
      expect(res.body, field).toMatchObject({ schemas: [ERROR_SCHEMA], status: '400', scimType: 'invalidValue', error: 'bad_request' });
      expect(res.body.detail, field).toBe(`${field} may not contain the NUL character (U+0000).`);
    }
    expect(await rows()).toEqual(before);
    expect(env.b.logs.join('')).not.toMatch(/SCIM request failed/);
  });

  it('is refused on /v1 with bad_request and the field in detail, before anything reads the store', async () => {
    const admin = (p: string) => env.b.api('GET', p, { token: ADMIN_TOKEN });
    const refusals: [Promise<{ status: number; body: any }>, string][] = [
      [admin(`/v1/admin/users?q=${q(NUL)}`), 'query.q'],
      [admin(`/v1/admin/users/${q(NUL)}`), 'path.id'],
      [admin(`/v1/admin/events?type=${q(NUL)}`), 'query.type'],
      [admin(`/v1/admin/events.csv?userId=${q(NUL)}`), 'query.userId'],
      [env.b.api('POST', `/v1/admin/users/${q(NUL)}/deactivate`, { token: ADMIN_TOKEN, body: {} }), 'path.id'],
      [env.b.api('POST', '/v1/sso/start', { body: { email: `a${NUL}@acme.test`, redirectUri: 'http://127.0.0.1:47000/cb' } }), 'body.email'],
    ];
    for (const [pending, field] of refusals) {
      const res = await pending;
      expect(res.status, field).toBe(400);
      expect(res.body, field).toEqual({ error: 'bad_request', message: `${field} may not contain the NUL character (U+0000).`, detail: { field } });
    }
    expect(env.b.logs.join('')).not.toMatch(/request failed/);
  });
});
