import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { scimFixture } from '../../fixtures/scim/load-scim-fixture';
import { postgresTarget, sqliteTarget } from '../../support/store-targets';
import {
  ENTERPRISE,
  ERROR_SCHEMA,
  EXT,
  GROUP_SCHEMA,
  PATCH_OP,
  PUBLIC_URL,
  USER_SCHEMA,
  scimBackendFor,
} from './scim-support';

const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const q = (filter: string) => encodeURIComponent(filter);

describe.each([sqliteTarget(), postgresTarget()])('SCIM clients on $name', (target) => {
  const env = scimBackendFor(target);

  it('describes itself: ServiceProviderConfig, ResourceTypes and Schemas', async () => {
    const spc = await env.okta('GET', '/ServiceProviderConfig');
    expect(spc.status).toBe(200);
    expect(spc.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    expect(spc.body).toMatchObject({
      patch: { supported: true },
      bulk: { supported: false },
      // Not promised, so not claimed: a client must not send If-Match expecting it to be checked.
      etag: { supported: false },
      sort: { supported: false },
      changePassword: { supported: false },
      filter: { supported: true, maxResults: 200 },
      authenticationSchemes: [expect.objectContaining({ type: 'oauthbearertoken', primary: true })],
    });
    const types = await env.okta('GET', '/ResourceTypes');
    expect(types.body.Resources.map((r: { id: string }) => r.id)).toEqual(['User', 'Group']);
    expect(types.body.Resources[0]).toMatchObject({ endpoint: '/Users', schema: USER_SCHEMA, schemaExtensions: [{ schema: ENTERPRISE, required: false }, { schema: EXT, required: false }] });
    expect((await env.okta('GET', '/ResourceTypes/Group')).body).toMatchObject({ endpoint: '/Groups', schema: GROUP_SCHEMA });
    const schemas = await env.okta('GET', '/Schemas');
    expect(schemas.body.Resources.map((s: { id: string }) => s.id)).toEqual([USER_SCHEMA, GROUP_SCHEMA, ENTERPRISE, EXT]);
    const user = await env.okta('GET', `/Schemas/${USER_SCHEMA}`);
    const userName = user.body.attributes.find((a: { name: string }) => a.name === 'userName');
    expect(userName).toMatchObject({ type: 'string', required: true, caseExact: false, uniqueness: 'server' });
    expect(user.body.attributes.find((a: { name: string }) => a.name === 'password')).toMatchObject({ mutability: 'writeOnly', returned: 'never' });
    expect((await env.okta('GET', '/Schemas/urn:nope')).status).toBe(404);
  });

  it("passes Okta's SCIM 2.0 test plan: list, unknown user, create, read, duplicate, case-insensitive lookup, deactivate", async () => {
    const id = randomUUID().slice(0, 8);
    const vars = { userName: `okta.${id}@acme.test`, email: `okta.${id}@acme.test`, givenName: 'Ada', familyName: `Lovelace${id}`, externalId: `00u${id}` };

    const created = await env.okta('POST', '/Users', scimFixture('okta-create-user', vars), { contentType: 'application/json' });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`${PUBLIC_URL}/scim/v2/Users/${created.body.id}`);
    expect(created.body).toMatchObject({
      schemas: expect.arrayContaining([USER_SCHEMA]),
      userName: vars.userName,
      active: true,
      name: { givenName: 'Ada', familyName: vars.familyName },
      emails: [{ primary: true, value: vars.email, type: 'work' }],
      externalId: vars.externalId,
      meta: { resourceType: 'User', location: created.headers.get('location') },
      [EXT]: { node: 'Acme Corp', role: 'Employee', status: 'invited' },
    });
    expect(created.body.password).toBeUndefined();
    expect(JSON.stringify(created.body)).not.toContain('1mz050nq');
    expect(Date.parse(created.body.meta.created)).not.toBeNaN();

    const first = await env.okta('GET', '/Users?count=1&startIndex=1');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ schemas: [LIST], startIndex: 1, itemsPerPage: 1 });
    expect(first.body.totalResults).toBeGreaterThanOrEqual(1);
    expect(first.body.Resources[0]).toMatchObject({ id: expect.any(String), userName: expect.any(String), active: expect.any(Boolean), name: { familyName: expect.any(String) } });

    const random = await env.okta('GET', `/Users?filter=${q(`userName eq "nobody-${randomUUID()}@acme.test"`)}&startIndex=1&count=100`);
    expect(random.body).toMatchObject({ schemas: [LIST], totalResults: 0, Resources: [] });

    const missing = await env.okta('GET', `/Users/${randomUUID()}`);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ schemas: [ERROR_SCHEMA], status: '404', detail: expect.any(String) });

    const read = await env.okta('GET', `/Users/${created.body.id}`);
    expect(read.body).toMatchObject({ id: created.body.id, userName: vars.userName, name: { givenName: 'Ada', familyName: vars.familyName } });

    const again = await env.okta('POST', '/Users', scimFixture('okta-create-user', { ...vars, userName: vars.userName.toUpperCase() }), { contentType: 'application/json' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ schemas: [ERROR_SCHEMA], status: '409', scimType: 'uniqueness' });

    const caps = await env.okta('GET', `/Users?filter=${q(`userName eq "${vars.userName.toUpperCase()}"`)}`);
    expect(caps.body.totalResults).toBe(1);
    expect(caps.body.Resources[0].id).toBe(created.body.id);

    // Okta (custom SCIM apps) deactivates with a full PUT…
    const put = await env.okta('PUT', `/Users/${created.body.id}`, scimFixture('okta-put-user', { ...vars, id: created.body.id, active: false }));
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ active: false, [EXT]: { status: 'deactivated' } });
    // …a PUT without `active` must not suspend anyone, and reactivates here as Okta intends.
    const body = scimFixture('okta-put-user', { ...vars, id: created.body.id, active: true }) as Record<string, unknown>;
    delete body.active;
    expect((await env.okta('PUT', `/Users/${created.body.id}`, body)).body).toMatchObject({ active: true, [EXT]: { status: 'invited' } });
    // …and with PATCH replace active false.
    const patched = await env.okta('PATCH', `/Users/${created.body.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: false } }] });
    expect(patched.status).toBe(200);
    expect(patched.body.active).toBe(false);
    expect((await env.okta('GET', `/Users?filter=${q(`userName eq "${vars.userName}" and active eq false`)}`)).body.totalResults).toBe(1);
  });

  it('pages with startIndex and count and keeps totalResults', async () => {
    for (let i = 0; i < 5; i += 1) {
      expect((await env.okta('POST', '/Users', { schemas: [USER_SCHEMA], userName: `page${i}@paging.test` })).status).toBe(201);
    }
    const all = await env.okta('GET', '/Users?count=200');
    const total = all.body.totalResults as number;
    expect(all.body.Resources).toHaveLength(total);
    const page = await env.okta('GET', '/Users?startIndex=2&count=2');
    expect(page.body).toMatchObject({ totalResults: total, startIndex: 2, itemsPerPage: 2 });
    expect(page.body.Resources.map((r: { id: string }) => r.id)).toEqual(all.body.Resources.slice(1, 3).map((r: { id: string }) => r.id));
    const zero = await env.okta('GET', '/Users?count=0');
    expect(zero.body).toMatchObject({ totalResults: total, itemsPerPage: 0, Resources: [] });
    const beyond = await env.okta('GET', `/Users?startIndex=${total + 1}`);
    expect(beyond.body).toMatchObject({ totalResults: total, itemsPerPage: 0, Resources: [] });
    const clamped = await env.okta('GET', '/Users?startIndex=0&count=-5');
    expect(clamped.body).toMatchObject({ startIndex: 1, itemsPerPage: 0 });
    const only = await env.okta('GET', '/Users?count=2&attributes=userName');
    expect(Object.keys(only.body.Resources[0]).sort()).toEqual(['id', 'schemas', 'userName']);
    const without = await env.okta('GET', `/Users?count=2&excludedAttributes=emails,${EXT}`);
    expect(without.body.Resources[0].emails).toBeUndefined();
    expect(without.body.Resources[0][EXT]).toBeUndefined();
    expect(without.body.Resources[0].userName).toBeDefined();
  });

  it('serves Entra ID: filters by userName, externalId and work email; PATCH with capitalised ops and string booleans', async () => {
    const id = randomUUID();
    const vars = { userName: `Test_User_${id}`, email: `Test_User_${id.slice(0, 8)}@acme.test`, givenName: 'Grace', familyName: 'Hopper', externalId: `ext-${id}` };
    const created = await env.entra('POST', '/Users', scimFixture('entra-create-user', vars));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      schemas: [USER_SCHEMA, ENTERPRISE, EXT],
      userName: vars.userName,
      externalId: vars.externalId,
      title: 'Engineer',
      addresses: [{ type: 'work', locality: 'London', primary: true }],
      [ENTERPRISE]: { employeeNumber: '701984', department: 'Tour Operations' },
    });
    const userId = created.body.id as string;

    for (const filter of [`userName eq "${vars.userName}"`, `externalId eq "${vars.externalId}"`, `emails[type eq "work"].value eq "${vars.email}"`, `externalId eq "${vars.externalId}" and userName eq "${vars.userName.toLowerCase()}"`]) {
      const found = await env.entra('GET', `/Users?filter=${q(filter)}`);
      expect(found.status, filter).toBe(200);
      expect(found.body.totalResults, filter).toBe(1);
      expect(found.body.Resources[0].id, filter).toBe(userId);
    }
    // externalId is case-exact (RFC 7643 §3.1); a contradiction matches nobody.
    expect((await env.entra('GET', `/Users?filter=${q(`externalId eq "${vars.externalId.toUpperCase()}"`)}`)).body.totalResults).toBe(0);
    expect((await env.entra('GET', `/Users?filter=${q(`id eq "${userId}" and id eq "other"`)}`)).body.totalResults).toBe(0);

    const newEmail = `grace.${id.slice(0, 8)}@acme.test`;
    const update = await env.entra('PATCH', `/Users/${userId}`, scimFixture('entra-update-user', { email: newEmail, familyName: 'Hopper-Murray', managerId: 'mgr-26118915', givenName: 'Amazing Grace' }));
    expect(update.status).toBe(200);
    expect(update.body).toMatchObject({
      emails: [{ type: 'work', value: newEmail, primary: true }],
      name: { familyName: 'Hopper-Murray', givenName: 'Amazing Grace' },
      title: 'Principal Engineer',
      [ENTERPRISE]: { manager: { value: 'mgr-26118915' }, employeeNumber: '701984' },
    });
    expect((await env.entra('GET', `/Users?filter=${q(`emails[type eq "work"].value eq "${newEmail.toUpperCase()}"`)}`)).body.totalResults).toBe(1);

    for (const [value, active] of [['False', false], [true, true], [false, false], ['True', true]] as const) {
      const res = await env.entra('PATCH', `/Users/${userId}`, { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'active', value }] });
      expect(res.status, String(value)).toBe(200);
      expect(res.body.active, String(value)).toBe(active);
    }
    const pathless = await env.entra('PATCH', `/Users/${userId}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: 'False' } }] });
    expect(pathless.body.active).toBe(false);
    const removed = await env.entra('PATCH', `/Users/${userId}`, { schemas: [PATCH_OP], Operations: [{ op: 'Remove', path: 'title' }, { op: 'remove', path: 'phoneNumbers[type eq "mobile"]' }] });
    expect(removed.body.title).toBeUndefined();
    expect(removed.body.phoneNumbers).toBeUndefined();

    expect((await env.entra('DELETE', `/Users/${userId}`)).status).toBe(204);
    expect((await env.entra('GET', `/Users/${userId}`)).status).toBe(404);
    expect((await env.entra('GET', `/Users?filter=${q(`externalId eq "${vars.externalId}"`)}`)).body.totalResults).toBe(0);
    expect((await env.entra('DELETE', `/Users/${userId}`)).status).toBe(404);
  });

  it('serves Entra ID groups: create, filter without members, membership PATCHes, rename, delete', async () => {
    const mk = async (n: string) => (await env.entra('POST', '/Users', { schemas: [USER_SCHEMA], userName: `${n}-${randomUUID().slice(0, 6)}@groups.test` })).body.id as string;
    const [u1, u2, u3] = [await mk('g1'), await mk('g2'), await mk('g3')];
    const name = `Group ${randomUUID()}`;
    const created = await env.entra('POST', '/Groups', scimFixture('entra-create-group', { displayName: name, externalId: `gext-${u1}` }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ schemas: [GROUP_SCHEMA], displayName: name, externalId: `gext-${u1}`, members: [], meta: { resourceType: 'Group' } });
    const gid = created.body.id as string;
    expect(created.headers.get('location')).toBe(`${PUBLIC_URL}/scim/v2/Groups/${gid}`);
    expect((await env.entra('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: name.toUpperCase() })).body).toMatchObject({ status: '409', scimType: 'uniqueness' });

    const byName = await env.entra('GET', `/Groups?excludedAttributes=members&filter=${q(`displayName eq "${name}"`)}`);
    expect(byName.body.totalResults).toBe(1);
    expect(byName.body.Resources[0].members).toBeUndefined();
    expect(byName.body.Resources[0].id).toBe(gid);

    const add = await env.entra('PATCH', `/Groups/${gid}`, { schemas: [PATCH_OP], Operations: [{ op: 'Add', path: 'members', value: [{ $ref: null, value: u1 }, { value: u2 }] }] });
    expect(add.status).toBe(200);
    expect(add.body.members.map((m: { value: string }) => m.value).sort()).toEqual([u1, u2].sort());
    // Adding a member twice is harmless.
    await env.entra('PATCH', `/Groups/${gid}`, { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: u1 }, { value: u3 }] }] });
    const isMember = (u: string) => env.entra('GET', `/Groups?filter=${q(`id eq "${gid}" and members eq "${u}"`)}&excludedAttributes=members`);
    expect((await isMember(u3)).body.totalResults).toBe(1);

    await env.entra('PATCH', `/Groups/${gid}`, { schemas: [PATCH_OP], Operations: [{ op: 'Remove', path: `members[value eq "${u3}"]` }] });
    expect((await isMember(u3)).body.totalResults).toBe(0);
    expect((await isMember(u1)).body.totalResults).toBe(1);
    await env.entra('PATCH', `/Groups/${gid}`, { schemas: [PATCH_OP], Operations: [{ op: 'remove', path: 'members', value: [{ value: u2 }] }] });
    expect((await env.entra('GET', `/Groups/${gid}`)).body.members.map((m: { value: string }) => m.value)).toEqual([u1]);

    const renamed = await env.entra('PATCH', `/Groups/${gid}`, { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'displayName', value: `${name} renamed` }] });
    expect(renamed.body.displayName).toBe(`${name} renamed`);
    // Okta renames a pushed group with a path-less replace that repeats the id.
    const oktaRename = await env.okta('PATCH', `/Groups/${gid}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { id: gid, displayName: `${name} okta` } }] });
    expect(oktaRename.body).toMatchObject({ id: gid, displayName: `${name} okta` });
    await env.okta('PATCH', `/Groups/${gid}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { id: gid, displayName: `${name} renamed` } }] });
    const idOnly = await env.entra('GET', `/Groups/${gid}?attributes=id`);
    expect(idOnly.body).toEqual({ schemas: [GROUP_SCHEMA], id: gid });
    const user = await env.entra('GET', `/Users/${u1}`);
    expect(user.body.groups).toEqual([{ value: gid, display: `${name} renamed`, type: 'direct', $ref: `${PUBLIC_URL}/scim/v2/Groups/${gid}` }]);

    const replaced = await env.entra('PUT', `/Groups/${gid}`, { schemas: [GROUP_SCHEMA], displayName: name, members: [{ value: u2 }, { value: u3 }] });
    expect(replaced.body.members.map((m: { value: string }) => m.value).sort()).toEqual([u2, u3].sort());
    expect(replaced.body.externalId).toBeUndefined();

    expect((await env.entra('DELETE', `/Groups/${gid}`)).status).toBe(204);
    expect((await env.entra('GET', `/Groups/${gid}`)).status).toBe(404);
    expect((await env.entra('GET', `/Users/${u2}`)).body.groups).toBeUndefined();
  });
});
