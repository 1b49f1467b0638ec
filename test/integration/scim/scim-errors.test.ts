import { beforeAll, describe, expect, it } from 'vitest';
import { postgresTarget, sqliteTarget } from '../../support/store-targets';
import {
  ADMIN_TOKEN,
  auditEvents,
  ERROR_SCHEMA,
  EXT,
  GROUP_SCHEMA,
  OKTA_TOKEN,
  OLD_TOKEN,
  PATCH_OP,
  USER_SCHEMA,
  type ScimResponse,
  scimBackendFor,
  scimClient,
  scimRows,
} from './scim-support';

const q = (filter: string) => encodeURIComponent(filter);

function expectScimError(res: ScimResponse, status: number, scimType?: string): void {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/scim\+json/);
  expect(res.body).toMatchObject({ schemas: [ERROR_SCHEMA], status: String(status), detail: expect.any(String) });
  if (scimType !== undefined) expect(res.body.scimType).toBe(scimType);
  // Keyhaven's own pair, as on every 4xx of the backend.
  expect(res.body).toMatchObject({ error: expect.any(String), message: res.body.detail });
}

describe.each([sqliteTarget(), postgresTarget()])('SCIM refusals on $name', (target) => {
  const env = scimBackendFor(target);
  let userId = '';
  const snapshot = () => scimRows(env.b);

  beforeAll(async () => {
    userId = (await env.okta('POST', '/Users', { schemas: [USER_SCHEMA], userName: 'kept@acme.test', title: 'Before' })).body.id;
    await env.okta('POST', '/Users', { schemas: [USER_SCHEMA], userName: 'other@acme.test' });
  });

  it('accepts every configured SCIM token and the admin token, and nothing else', async () => {
    for (const token of [OKTA_TOKEN, OLD_TOKEN, ADMIN_TOKEN]) expect((await scimClient(env.b, token)('GET', '/Users?count=1')).status).toBe(200);
    const none = await fetch(`${env.b.url}/scim/v2/Users`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await none.json()).toMatchObject({ schemas: [ERROR_SCHEMA], status: '401' });
    for (const token of [`${OKTA_TOKEN}x`, OKTA_TOKEN.slice(0, -1), 'x', `${ADMIN_TOKEN} extra`]) {
      expectScimError(await scimClient(env.b, token)('GET', '/Users'), 401);
    }
    expectScimError(await scimClient(env.b, 'wrong')('POST', '/Users', { schemas: [USER_SCHEMA], userName: 'sneaky@acme.test' }), 401);
    expect((await env.okta('GET', `/Users?filter=${q('userName eq "sneaky@acme.test"')}`)).body.totalResults).toBe(0);
    await scimClient(env.b, OLD_TOKEN)('PATCH', `/Users/${userId}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'nickName', value: 'K' }] });
    const [event] = await auditEvents(env.b, 'scim.user.patched');
    expect(event?.details).toMatchObject({ actor: 'okta-previous' });
  });

  it('refuses malformed bodies, unknown attributes, wrong types and over-long values with 400 and changes nothing', async () => {
    const before = await snapshot();
    expectScimError(await env.okta('POST', '/Users', undefined, { raw: '{"schemas": [' }), 400, 'invalidSyntax');
    expectScimError(await env.okta('POST', '/Users', undefined, { raw: '[]' }), 400, 'invalidSyntax');
    expect((await env.okta('POST', '/Users', undefined, { raw: 'userName=x', contentType: 'text/plain' })).status).toBe(415);
    expect((await env.okta('POST', '/Users', undefined, { raw: 'userName=form%40acme.test', contentType: 'application/x-www-form-urlencoded' })).status).toBe(415);
    expectScimError(await env.okta('POST', '/Users', { schemas: [USER_SCHEMA], userName: 'u1@acme.test', shoeSize: 44 }), 400, 'invalidSyntax');
    expectScimError(await env.okta('POST', '/Users', { schemas: [USER_SCHEMA], userName: 'u2@acme.test', name: { nickname: 'x', givenName: 'y' } }), 400, 'invalidSyntax');
    expectScimError(await env.okta('POST', '/Users', { schemas: [USER_SCHEMA], userName: 'u3@acme.test', active: 'maybe' }), 400, 'invalidValue');
    expectScimError(await env.okta('POST', '/Users', { schemas: [USER_SCHEMA], userName: 42 }), 400, 'invalidValue');
    expectScimError(await env.okta('POST', '/Users', { schemas: [USER_SCHEMA] }), 400, 'invalidValue');
    expectScimError(await env.okta('POST', '/Users', { schemas: [USER_SCHEMA], userName: `${'a'.repeat(300)}@acme.test` }), 400, 'invalidValue');
    expectScimError(await env.okta('POST', '/Users', { schemas: [USER_SCHEMA], userName: 'u4@acme.test', title: 'x'.repeat(5000) }), 400, 'invalidValue');
    expectScimError(await env.okta('POST', '/Users', { schemas: ['urn:example:unknown'], userName: 'u5@acme.test', 'urn:example:unknown': { a: 1 } }), 400);
    expectScimError(await env.okta('POST', '/Users', { schemas: [USER_SCHEMA], userName: 'not-an-address' }), 400, 'invalidValue');
    expectScimError(await env.okta('POST', '/Users', { schemas: [USER_SCHEMA], userName: 'u6@acme.test', [EXT]: { node: 'Atlantis' } }), 400, 'invalidValue');
    expectScimError(await env.okta('POST', '/Users', { schemas: [USER_SCHEMA], userName: 'u7@acme.test', [EXT]: { role: 'Overlord' } }), 400, 'invalidValue');
    expectScimError(await env.okta('POST', '/Users', { schemas: [USER_SCHEMA], userName: 'u8@acme.test', emails: Array.from({ length: 101 }, (_, i) => ({ value: `e${i}@acme.test` })) }), 400, 'invalidValue');
    expectScimError(await env.okta('POST', '/Users', { schemas: [USER_SCHEMA], userName: 'OTHER@acme.test' }), 409, 'uniqueness');
    expectScimError(await env.okta('PUT', `/Users/${userId}`, { schemas: [USER_SCHEMA], userName: 'Other@Acme.test' }), 409, 'uniqueness');
    // The sign-in email is unique too, whatever the userName: two people cannot sign in as one.
    expectScimError(await env.okta('POST', '/Users', { schemas: [USER_SCHEMA], userName: 'someone-else', emails: [{ value: 'OTHER@acme.test', type: 'work', primary: true }] }), 409, 'uniqueness');
    expectScimError(await env.entra('PATCH', `/Users/${userId}`, { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'emails[type eq "work"].value', value: 'other@acme.test' }] }), 409, 'uniqueness');
    expectScimError(await env.okta('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'G', members: [{ value: 'no-such-user' }] }), 400, 'invalidValue');
    expectScimError(await env.okta('POST', '/Groups', { schemas: [GROUP_SCHEMA] }), 400, 'invalidValue');
    expect(await snapshot()).toEqual(before);
  });

  it('creates one user when ten clients race to create the same userName; the others get 409', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => env.okta('POST', '/Users', { schemas: [USER_SCHEMA], userName: i % 2 === 0 ? 'race@acme.test' : 'RACE@acme.test' })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, ...Array(9).fill(409)]);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.scimType).toBe('uniqueness');
    expect((await env.okta('GET', `/Users?filter=${q('userName eq "race@acme.test"')}`)).body.totalResults).toBe(1);
  });

  it('refuses an oversized body with 413 and changes nothing', async () => {
    const before = await snapshot();
    const huge = { schemas: [USER_SCHEMA], userName: 'huge@acme.test', title: 'x'.repeat(1_100_000) };
    expectScimError(await env.okta('POST', '/Users', huge), 413);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses unsupported and malformed filters and paging with invalidFilter/invalidValue', async () => {
    for (const filter of ['userName co "kept"', 'userName eq "a" or userName eq "b"', 'not (userName eq "a")', 'title eq "x"', 'userName eq "unterminated', 'userName eq', 'userName eq "a" and', 'emails[type eq "work"', 'meta.created gt "2020"', '']) {
      expectScimError(await env.okta('GET', `/Users?filter=${q(filter)}`), 400, 'invalidFilter');
    }
    expectScimError(await env.okta('GET', `/Users?filter=${q(`userName eq "${'x'.repeat(1100)}"`)}`), 400, 'invalidFilter');
    expectScimError(await env.okta('GET', `/Groups?filter=${q('displayName co "x"')}`), 400, 'invalidFilter');
    expectScimError(await env.okta('GET', '/Users?count=ten'), 400, 'invalidValue');
    expectScimError(await env.okta('GET', '/Users?startIndex=1&startIndex=2'), 400, 'invalidValue');
    expectScimError(await env.okta('GET', '/Users?attributes=urn:example:x:y'), 400);
  });

  it('refuses bad PATCH requests whole: nothing of an operation list is applied when one fails', async () => {
    const before = await snapshot();
    const patch = (Operations: unknown, schemas: unknown = [PATCH_OP]) => env.okta('PATCH', `/Users/${userId}`, { schemas, Operations });
    const ok = { op: 'replace', path: 'title', value: 'After' };
    expectScimError(await patch([ok, { op: 'replace', path: 'id', value: 'x' }]), 400, 'mutability');
    expectScimError(await patch([ok, { op: 'add', path: 'groups', value: [{ value: 'g' }] }]), 400, 'mutability');
    expectScimError(await patch([ok, { op: 'add', path: `${EXT}:status`, value: 'active' }]), 400, 'mutability');
    expectScimError(await patch([ok, { op: 'remove' }]), 400, 'noTarget');
    expectScimError(await patch([ok, { op: 'merge', path: 'title', value: 'x' }]), 400, 'invalidSyntax');
    expectScimError(await patch([ok, { op: 'replace', path: 'shoeSize', value: 44 }]), 400, 'invalidSyntax');
    expectScimError(await patch([ok, { op: 'replace', path: 'active', value: 'yes' }]), 400, 'invalidValue');
    expectScimError(await patch([ok, { op: 'replace', path: 'emails[type eq "work"', value: 'x@acme.test' }]), 400, 'invalidFilter');
    expectScimError(await patch([ok, { op: 'replace', path: 'userName', value: 'other@acme.test' }]), 409, 'uniqueness');
    expectScimError(await patch([], [PATCH_OP]), 400, 'invalidSyntax');
    expectScimError(await patch([ok], ['urn:example:not-a-patch']), 400, 'invalidSyntax');
    expectScimError(await env.okta('PATCH', '/Users/no-such-id', { schemas: [PATCH_OP], Operations: [ok] }), 404);
    expect(await snapshot()).toEqual(before);
  });

  it('answers unknown SCIM paths and methods in the SCIM error schema, never with a 500', async () => {
    expectScimError(await env.okta('GET', '/Bulk'), 404);
    expectScimError(await env.okta('GET', '/Groups/nope'), 404);
    expectScimError(await env.okta('DELETE', '/Groups/nope'), 404);
    expect(env.b.logs.join('')).not.toMatch(/SCIM request failed/);
  });
});
