import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { postgresTarget, sqliteTarget } from '../../support/store-targets';
import { ENTERPRISE, ERROR_SCHEMA, EXT, GROUP_SCHEMA, PATCH_OP, USER_SCHEMA, type ScimResponse, scimBackendFor, scimRows } from './scim-support';

/**
 * Property tests over the central SCIM writes, as a fuzzing client would send them: whatever the
 * body, the answer is a success or a 4xx in the SCIM error schema — never a 5xx — and a refused
 * request leaves the stored rows exactly as they were (RFC 7644 §3.5.2: a PATCH applies whole or
 * not at all). Runs are kept modest so the file stays well inside a minute per store.
 */
const RUNS = 40;

/** Strings a client may send: any UTF-16 (lone surrogates, U+0000, emoji), now and then long. */
const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom('', 'True', 'False', 'x@acme.test', 'a\u0000b', '👩‍💻', 'x'.repeat(5000)));
const anyValue = fc.oneof(text, fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(true, false, null, 0, -1, 1e308));

const USER_ATTRIBUTES = ['userName', 'externalId', 'active', 'displayName', 'title', 'name', 'emails', 'phoneNumbers', 'password', 'id', 'meta', 'groups', 'schemas', ENTERPRISE, EXT, 'shoeSize'];
const userBody = fc.oneof(
  fc.dictionary(fc.constantFrom(...USER_ATTRIBUTES), anyValue, { maxKeys: 6 }),
  fc.record({ userName: text, emails: fc.array(fc.record({ value: text, type: fc.constantFrom('work', 'home', 5), primary: fc.constantFrom(true, 'True', 'no') }), { maxLength: 3 }) }),
  fc.jsonValue({ maxDepth: 2 }),
);

const PATHS = ['active', 'title', 'name.givenName', 'emails[type eq "work"].value', 'emails[type eq "work"', 'phoneNumbers[type eq "mobile"]', `${ENTERPRISE}:manager`, `${EXT}:node`, `${EXT}:status`, 'members[value eq "x"]', 'id', 'userName', 'externalId', 'groups', 'nope.nope'];
const operation = fc.record(
  { op: fc.constantFrom('add', 'Add', 'replace', 'Replace', 'remove', 'Remove', 'merge', 7), path: fc.oneof(fc.constantFrom(...PATHS), text), value: anyValue },
  { requiredKeys: ['op'] },
);
const patchBody = fc.oneof(
  fc.record({ schemas: fc.constant([PATCH_OP]), Operations: fc.array(operation, { minLength: 1, maxLength: 4 }) }),
  fc.record({ schemas: fc.constant([PATCH_OP]), Operations: fc.array(fc.record({ op: fc.constantFrom('replace', 'Replace', 'add'), value: fc.dictionary(fc.constantFrom(...USER_ATTRIBUTES, 'name.givenName'), anyValue, { maxKeys: 3 }) }), { minLength: 1, maxLength: 2 }) }),
  fc.jsonValue({ maxDepth: 2 }),
);

function expectSuccessOrScimRefusal(res: ScimResponse, success: number): void {
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(500);
  if (res.status === success) return;
  expect([400, 404, 409, 413]).toContain(res.status);
  expect(res.body).toMatchObject({ schemas: [ERROR_SCHEMA], status: String(res.status), detail: expect.any(String), error: expect.any(String), message: expect.any(String) });
  if (res.status === 400) expect(res.body.scimType).toEqual(expect.any(String));
}

describe.each([sqliteTarget(), postgresTarget()])('SCIM under fuzzed input on $name', (target) => {
  const env = scimBackendFor(target);
  let userId = '';
  let groupId = '';
  const rows = () => scimRows(env.b);

  beforeAll(async () => {
    userId = (await env.okta('POST', '/Users', { schemas: [USER_SCHEMA], userName: 'fuzz-target@acme.test', title: 'Kept' })).body.id;
    groupId = (await env.okta('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'Fuzz group', members: [{ value: userId }] })).body.id;
  });

  it('creates a user or refuses in the SCIM error schema, writing nothing on refusal', async () => {
    await fc.assert(
      fc.asyncProperty(userBody, async (body) => {
        const before = await rows();
        const res = await env.okta('POST', '/Users', body);
        expectSuccessOrScimRefusal(res, 201);
        if (res.status === 201) {
          const read = await env.okta('GET', `/Users/${res.body.id}`);
          expect(read.body).toEqual(res.body);
          expect((await env.okta('DELETE', `/Users/${res.body.id}`)).status).toBe(204);
        } else {
          expect(await rows()).toEqual(before);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('applies a user PATCH whole or refuses it whole', async () => {
    await fc.assert(
      fc.asyncProperty(patchBody, async (body) => {
        const before = await rows();
        const res = await env.entra('PATCH', `/Users/${userId}`, body);
        expectSuccessOrScimRefusal(res, 200);
        if (res.status === 200) expect((await env.entra('GET', `/Users/${userId}`)).body).toEqual(res.body);
        else expect(await rows()).toEqual(before);
      }),
      { numRuns: RUNS },
    );
  });

  it('applies a group PATCH whole or refuses it whole', async () => {
    const memberOp = fc.record({
      op: fc.constantFrom('add', 'Add', 'remove', 'Remove', 'replace'),
      path: fc.constantFrom('members', `members[value eq "${userId}"]`, 'members[value eq "nobody"]', 'displayName', 'externalId', 'members[display eq "x"]'),
      value: fc.oneof(fc.constant([{ value: userId }]), fc.constant([{ value: 'nobody' }]), anyValue),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(memberOp, { minLength: 1, maxLength: 3 }), async (Operations) => {
        const before = await rows();
        const res = await env.entra('PATCH', `/Groups/${groupId}`, { schemas: [PATCH_OP], Operations });
        expectSuccessOrScimRefusal(res, 200);
        if (res.status === 200) expect((await env.entra('GET', `/Groups/${groupId}`)).body).toEqual(res.body);
        else expect(await rows()).toEqual(before);
      }),
      { numRuns: RUNS },
    );
  });
});
