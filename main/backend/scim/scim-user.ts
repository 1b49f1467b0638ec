import { connectionForDomain, findRole, type TenantConfig } from '../config/tenant-config';
import type { ScimGroupRow, ScimUserFields } from '../store/repos/scim-repos';
import type { UserRow, UserStatus } from '../store/store';
import { invalidValue } from './scim-error';
import { isObject, type ScimObject } from './scim-resource';
import { ENTERPRISE_USER_SCHEMA, KEYHAVEN_USER_SCHEMA, USER_SCHEMA } from './scim-schemas';

export { KEYHAVEN_USER_SCHEMA as KEYHAVEN_USER_EXTENSION };
export const SCIM_LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

const EMAIL = /^[^\s@"<>]+@[^\s@"<>]+$/;

/** Keys kept in the users table's own columns, not in scim_json. */
const COLUMN_KEYS = new Set(['schemas', 'userName', 'externalId', 'active', KEYHAVEN_USER_SCHEMA]);

/** RFC 7643 §4.1 User as served: columns, kept attributes, groups, Keyhaven placement, meta. */
export function toScimUser(u: UserRow, groups: readonly ScimGroupRow[], baseUrl: string): ScimObject {
  const attrs = u.scimAttributes;
  const emails = Array.isArray(attrs.emails) && attrs.emails.length > 0 ? attrs.emails : [{ value: u.email, type: 'work', primary: true }];
  const hasEnterprise = isObject(attrs[ENTERPRISE_USER_SCHEMA]);
  return {
    schemas: [USER_SCHEMA, ...(hasEnterprise ? [ENTERPRISE_USER_SCHEMA] : []), KEYHAVEN_USER_SCHEMA],
    id: u.id,
    ...(u.externalId === null ? {} : { externalId: u.externalId }),
    userName: u.userName,
    ...attrs,
    active: u.status !== 'deactivated',
    emails,
    ...(groups.length === 0
      ? {}
      : { groups: groups.map((g) => ({ value: g.id, display: g.displayName, type: 'direct', $ref: `${baseUrl}/scim/v2/Groups/${encodeURIComponent(g.id)}` })) }),
    [KEYHAVEN_USER_SCHEMA]: { node: u.node, role: u.role, status: u.status },
    meta: {
      resourceType: 'User',
      created: u.createdAt.toISOString(),
      lastModified: u.updatedAt.toISOString(),
      location: `${baseUrl}/scim/v2/Users/${encodeURIComponent(u.id)}`,
    },
  };
}

/** The writable part of a stored user, canonical: what a PATCH starts from. */
export function writableUser(u: UserRow): ScimObject {
  const out: ScimObject = { userName: u.userName, ...structuredClone(u.scimAttributes), active: u.status !== 'deactivated' };
  if (u.externalId !== null) out.externalId = u.externalId;
  const ext: ScimObject = {};
  if (u.assignedNode !== null) ext.node = u.assignedNode;
  if (u.assignedRole !== null) ext.role = u.assignedRole;
  if (Object.keys(ext).length > 0) out[KEYHAVEN_USER_SCHEMA] = ext;
  return out;
}

/**
 * What a validated User resource means for the users table. The sign-in email is the primary
 * email, else the work email, else the first, else the userName when it is an address. The node
 * is the extension's, else that of the SSO connection reserving the email's domain, else the
 * root node; role mappings may still move the user (sync-placement.ts).
 */
export function userFieldsFrom(resource: ScimObject, config: TenantConfig, existing: UserRow | undefined): ScimUserFields {
  const userName = typeof resource.userName === 'string' ? resource.userName.trim() : '';
  if (userName === '') throw invalidValue('userName is required.');
  const emails = (Array.isArray(resource.emails) ? resource.emails : []) as ScimObject[];
  const chosen = emails.find((e) => e.primary === true) ?? emails.find((e) => typeof e.type === 'string' && e.type.toLowerCase() === 'work') ?? emails[0];
  const email = (typeof chosen?.value === 'string' ? chosen.value : userName).trim().toLowerCase();
  if (!EMAIL.test(email) || email.length > 320) throw invalidValue('The user needs an email address: a primary or work email, or a userName that is one.');

  const ext = isObject(resource[KEYHAVEN_USER_SCHEMA]) ? (resource[KEYHAVEN_USER_SCHEMA] as ScimObject) : {};
  const connection = connectionForDomain(config, email.slice(email.lastIndexOf('@') + 1));
  let node = typeof ext.node === 'string' ? ext.node : (connection?.node ?? config.nodes[0]?.name ?? '');
  if (!config.nodes.some((n) => n.name === node)) {
    if (typeof ext.node === 'string') throw invalidValue(`${KEYHAVEN_USER_SCHEMA}:node: unknown node "${ext.node}".`);
    node = config.nodes[0]?.name ?? node;
  }
  const assignedRole = typeof ext.role === 'string' ? ext.role : null;
  if (assignedRole !== null && findRole(config, assignedRole) === undefined) throw invalidValue(`${KEYHAVEN_USER_SCHEMA}:role: unknown role "${assignedRole}".`);

  // Okta's PUT may leave `active` out: that must not suspend anyone, so absent means active.
  const status = statusFor(resource.active !== false, existing);

  const scimAttributes: ScimObject = {};
  for (const [k, v] of Object.entries(resource)) if (!COLUMN_KEYS.has(k)) scimAttributes[k] = v;
  return {
    email,
    userName,
    externalId: typeof resource.externalId === 'string' ? resource.externalId : null,
    scimAttributes,
    assignedNode: node,
    assignedRole,
    // Provisional: sync-placement.ts applies role mappings right after the write.
    node,
    role: assignedRole ?? config.nodes.find((n) => n.name === node)?.effectiveDefaultRole ?? existing?.role ?? '',
    status,
    connectionId: connection?.id ?? existing?.connectionId ?? null,
  };
}

/** SCIM `active` → status: new users are invited; reactivation returns to invited if they never signed in. */
function statusFor(active: boolean, existing: UserRow | undefined): UserStatus {
  if (!active) return 'deactivated';
  if (existing === undefined) return 'invited';
  if (existing.status !== 'deactivated') return existing.status;
  return existing.lastSignInAt === null ? 'invited' : 'active';
}
