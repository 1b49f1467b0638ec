import { describe, expect, it } from 'vitest';
import type { TenantConfig } from '../../../../main/backend/config/tenant-config';
import { groupsFromClaim, placementFor } from '../../../../main/backend/scim/role-mapping';
import { ScimError } from '../../../../main/backend/scim/scim-error';
import { applyPatch, parsePatchBody } from '../../../../main/backend/scim/scim-patch';
import { parseFilter, parsePath } from '../../../../main/backend/scim/scim-path';
import { GROUP_RESOURCE, USER_RESOURCE } from '../../../../main/backend/scim/scim-schemas';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const patch = (doc: Record<string, unknown>, Operations: unknown[], resource = USER_RESOURCE) => applyPatch(doc, parsePatchBody({ schemas: [PATCH_OP], Operations }), resource);
const scimType = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof ScimError ? err.scimType : 'not a ScimError';
  }
  return 'no error';
};

describe('SCIM filters and paths', () => {
  it('parses eq comparisons joined by and, value filters, sub-attributes and URN prefixes', () => {
    expect(parseFilter('userName Eq "a\\"b@x.test" AND active eq true', USER_RESOURCE)).toEqual([
      { path: { schema: null, attr: 'userName', filter: null, sub: null }, op: 'eq', value: 'a"b@x.test' },
      { path: { schema: null, attr: 'active', filter: null, sub: null }, op: 'eq', value: true },
    ]);
    const [email] = parseFilter('emails[type eq "work"].value eq "w@x.test"', USER_RESOURCE);
    expect(email?.path).toMatchObject({ attr: 'emails', sub: 'value', filter: [{ path: { attr: 'type' }, value: 'work' }] });
    expect(parsePath(`${ENTERPRISE}:manager.value`, USER_RESOURCE)).toEqual({ schema: ENTERPRISE, attr: 'manager', sub: 'value', filter: null });
    expect(parsePath('urn:ietf:params:scim:schemas:core:2.0:User:name.givenName', USER_RESOURCE)).toMatchObject({ schema: null, attr: 'name', sub: 'givenName' });
    expect(parsePath('members[value eq "u-1"]', GROUP_RESOURCE)).toMatchObject({ attr: 'members', filter: [{ value: 'u-1' }], sub: null });
    for (const bad of ['userName sw "a"', 'a eq "b" or c eq "d"', 'emails[type eq "work"', '(userName eq "x"', 'userName eq bare']) {
      expect(scimType(() => parseFilter(bad, USER_RESOURCE)), bad).toBe('invalidFilter');
    }
  });
});

describe('SCIM PATCH (RFC 7644 §3.5.2)', () => {
  const user = { userName: 'u@x.test', active: true, emails: [{ value: 'u@x.test', type: 'work', primary: true }], name: { givenName: 'U' } };

  it('replaces with and without a path, any op case, booleans as strings', () => {
    expect(patch(user, [{ op: 'Replace', path: 'active', value: 'False' }]).active).toBe(false);
    expect(patch(user, [{ op: 'replace', value: { active: 'True', displayName: 'You' } }])).toMatchObject({ active: true, displayName: 'You' });
    expect(patch(user, [{ op: 'Add', value: { 'name.familyName': 'Vee' } }]).name).toEqual({ givenName: 'U', familyName: 'Vee' });
    expect(patch(user, [{ op: 'replace', path: 'emails[type eq "work"].value', value: 'new@x.test' }]).emails).toEqual([{ value: 'new@x.test', type: 'work', primary: true }]);
    // No work email yet: the filtered path creates one.
    expect(patch({ userName: 'u' }, [{ op: 'add', path: 'emails[type eq "work"].value', value: 'w@x.test' }]).emails).toEqual([{ type: 'work', value: 'w@x.test' }]);
    expect(patch(user, [{ op: 'remove', path: 'emails[type eq "work"]' }]).emails).toBeUndefined();
    expect(patch(user, [{ op: 'remove', path: 'name.givenName' }]).name).toBeUndefined();
    expect(patch(user, [{ op: 'add', path: `${ENTERPRISE}:manager`, value: 'm-1' }])[ENTERPRISE]).toEqual({ manager: { value: 'm-1' } });
    // The input is never modified: a failed request changes nothing.
    expect(user.active).toBe(true);
  });

  it('adds and removes group members without duplicates', () => {
    const g = { displayName: 'G', members: [{ value: 'a' }] };
    expect(patch(g, [{ op: 'add', path: 'members', value: [{ value: 'a' }, { value: 'b', display: 'ignored' }] }], GROUP_RESOURCE).members).toEqual([{ value: 'a' }, { value: 'b' }]);
    expect(patch(g, [{ op: 'remove', path: 'members[value eq "a"]' }], GROUP_RESOURCE).members).toBeUndefined();
    expect(patch(g, [{ op: 'remove', path: 'members[value eq "zzz"]' }], GROUP_RESOURCE).members).toEqual([{ value: 'a' }]);
    expect(patch(g, [{ op: 'remove', path: 'members', value: [{ value: 'a' }] }], GROUP_RESOURCE).members).toBeUndefined();
  });

  it('names the problem with the RFC scimType', () => {
    expect(scimType(() => patch(user, [{ op: 'replace', path: 'id', value: 'x' }]))).toBe('mutability');
    expect(scimType(() => patch(user, [{ op: 'remove' }]))).toBe('noTarget');
    expect(scimType(() => patch(user, [{ op: 'copy', path: 'a' }]))).toBe('invalidSyntax');
    expect(scimType(() => patch(user, [{ op: 'add', path: 'nope', value: 1 }]))).toBe('invalidSyntax');
    expect(scimType(() => patch(user, [{ op: 'add', path: 'emails.value', value: 'x' }]))).toBe('invalidValue');
  });
});

describe('role mappings', () => {
  const config = {
    nodes: [
      { name: 'Root', parent: null, effectiveDefaultRole: 'Employee' },
      { name: 'Eng', parent: 'Root', effectiveDefaultRole: 'Engineer' },
    ],
    roleMappings: [
      { group: 'Admins', role: 'Admin', node: null },
      { group: 'eng-guid', role: 'Engineer', node: 'Eng' },
    ],
  } as unknown as TenantConfig;
  const base = { node: 'Root', assignedNode: 'Root', assignedRole: null };

  it('takes the first matching mapping, then the assigned role, then the node default', () => {
    expect(placementFor(config, base, [{ displayName: 'Staff', externalId: 'ENG-GUID' }])).toEqual({ node: 'Eng', role: 'Engineer', mappingGroup: 'eng-guid' });
    expect(placementFor(config, base, [{ displayName: 'Staff', externalId: 'eng-guid' }], ['admins'])).toEqual({ node: 'Root', role: 'Admin', mappingGroup: 'Admins' });
    expect(placementFor(config, { ...base, assignedRole: 'Auditor' }, [])).toEqual({ node: 'Root', role: 'Auditor', mappingGroup: null });
    expect(placementFor(config, { ...base, assignedNode: 'Eng' }, [])).toEqual({ node: 'Eng', role: 'Engineer', mappingGroup: null });
  });

  it('reads a groups claim given as a string or an array', () => {
    expect(groupsFromClaim('Admins')).toEqual(['Admins']);
    expect(groupsFromClaim(['a', 3, '', 'b'])).toEqual(['a', 'b']);
    expect(groupsFromClaim(undefined)).toEqual([]);
  });
});
