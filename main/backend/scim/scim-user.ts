import type { UserRow } from '../store/store';

export const SCIM_USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const KEYHAVEN_USER_EXTENSION = 'urn:keyhaven:params:scim:schemas:extension:1.0:User';
export const SCIM_LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

/** RFC 7643 §4.1 User, plus the node and role in Keyhaven's extension. */
export function toScimUser(u: UserRow, baseUrl: string) {
  return {
    schemas: [SCIM_USER_SCHEMA, KEYHAVEN_USER_EXTENSION],
    id: u.id,
    userName: u.email,
    active: u.status === 'active',
    emails: [{ value: u.email, type: 'work', primary: true }],
    [KEYHAVEN_USER_EXTENSION]: { node: u.node, role: u.role },
    meta: {
      resourceType: 'User',
      created: u.createdAt.toISOString(),
      lastModified: u.updatedAt.toISOString(),
      location: `${baseUrl}/scim/v2/Users/${encodeURIComponent(u.id)}`,
    },
  };
}

/**
 * The one filter we support (RFC 7644 §3.4.2.2): `userName eq "value"`. Attribute names and
 * operators are case-insensitive; userName compares case-insensitively (RFC 7643 caseExact=false).
 */
export function parseUserNameFilter(filter: string): string | null {
  const m = /^\s*userName\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$/i.exec(filter);
  if (!m || m[1] === undefined) return null;
  return m[1].replace(/\\(.)/g, '$1');
}
