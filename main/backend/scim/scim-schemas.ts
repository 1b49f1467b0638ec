/**
 * The resource schemas this service provider serves (RFC 7643 §4, §7, §8.7): the core User and
 * Group, the enterprise User extension and Keyhaven's own. One definition drives validation,
 * PATCH paths, projections and the `/Schemas` document.
 */
export type AttributeType = 'string' | 'boolean' | 'complex' | 'reference' | 'dateTime' | 'binary';
export type Mutability = 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';

export interface AttributeDef {
  readonly name: string;
  readonly type: AttributeType;
  readonly multiValued: boolean;
  readonly required: boolean;
  readonly caseExact: boolean;
  readonly mutability: Mutability;
  readonly returned: 'always' | 'never' | 'default' | 'request';
  readonly uniqueness: 'none' | 'server' | 'global';
  readonly description: string;
  readonly subAttributes?: readonly AttributeDef[];
  readonly referenceTypes?: readonly string[];
  /** Longest accepted string (characters); over-long values are refused, never truncated. */
  readonly maxLength: number;
}

export interface SchemaDef {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly attributes: readonly AttributeDef[];
}

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const KEYHAVEN_USER_SCHEMA = 'urn:keyhaven:params:scim:schemas:extension:1.0:User';

type Options = Partial<Omit<AttributeDef, 'name' | 'type' | 'description'>>;

function attr(name: string, type: AttributeType, description: string, o: Options = {}): AttributeDef {
  return {
    name,
    type,
    description,
    multiValued: false,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    maxLength: 1024,
    ...o,
  };
}

const str = (name: string, description: string, o: Options = {}) => attr(name, 'string', description, o);

/** value/display/type/primary: the shape of emails, phoneNumbers, ims, photos, entitlements, roles. */
function multiValued(name: string, description: string, valueType: AttributeType = 'string'): AttributeDef {
  return attr(name, 'complex', description, {
    multiValued: true,
    subAttributes: [
      attr('value', valueType, `The ${name} value.`, valueType === 'binary' ? { maxLength: 16384 } : {}),
      str('display', 'A human-readable name.'),
      str('type', 'A label such as "work" or "home".'),
      attr('primary', 'boolean', 'The preferred value of this attribute.'),
    ],
  });
}

export const USER_ATTRIBUTES: readonly AttributeDef[] = [
  str('userName', 'Unique identifier for the user, typically the sign-in email.', { required: true, uniqueness: 'server', maxLength: 256 }),
  attr('name', 'complex', "The components of the user's name.", {
    subAttributes: ['formatted', 'familyName', 'givenName', 'middleName', 'honorificPrefix', 'honorificSuffix'].map((n) => str(n, `The ${n} part of the name.`, { maxLength: 256 })),
  }),
  str('displayName', 'The name to display.', { maxLength: 256 }),
  str('nickName', 'The casual name.', { maxLength: 256 }),
  attr('profileUrl', 'reference', "A URI of the user's online profile.", { referenceTypes: ['external'] }),
  str('title', "The user's title.", { maxLength: 256 }),
  str('userType', 'The relationship between the organization and the user.', { maxLength: 256 }),
  str('preferredLanguage', 'Preferred written or spoken language.', { maxLength: 64 }),
  str('locale', 'Default location for localization.', { maxLength: 64 }),
  str('timezone', 'The time zone (IANA name).', { maxLength: 64 }),
  attr('active', 'boolean', "The user's administrative status: false deactivates the user and ends every session."),
  str('password', 'Not used: sign-in is by SSO only. Accepted and discarded, never stored.', { mutability: 'writeOnly', returned: 'never' }),
  multiValued('emails', 'Email addresses; the primary (else work, else first) is the sign-in email.'),
  multiValued('phoneNumbers', 'Phone numbers.'),
  multiValued('ims', 'Instant messaging addresses.'),
  multiValued('photos', 'URLs of photos.'),
  attr('addresses', 'complex', 'Physical mailing addresses.', {
    multiValued: true,
    subAttributes: [
      ...['formatted', 'streetAddress', 'locality', 'region', 'postalCode', 'country', 'type'].map((n) => str(n, `The ${n} part of the address.`)),
      attr('primary', 'boolean', 'The preferred address.'),
    ],
  }),
  attr('groups', 'complex', 'The groups the user belongs to (managed through Groups).', {
    multiValued: true,
    mutability: 'readOnly',
    subAttributes: [
      str('value', 'The group id.', { mutability: 'readOnly' }),
      attr('$ref', 'reference', 'The group URI.', { mutability: 'readOnly', referenceTypes: ['Group'] }),
      str('display', 'The group displayName.', { mutability: 'readOnly' }),
      str('type', 'direct', { mutability: 'readOnly' }),
    ],
  }),
  multiValued('entitlements', 'Entitlements.'),
  multiValued('roles', 'Roles as the provisioning client knows them (Keyhaven roles are in the Keyhaven extension).'),
  multiValued('x509Certificates', 'Certificates.', 'binary'),
];

export const ENTERPRISE_USER_ATTRIBUTES: readonly AttributeDef[] = [
  ...['employeeNumber', 'costCenter', 'organization', 'division', 'department'].map((n) => str(n, `The ${n}.`, { maxLength: 256 })),
  attr('manager', 'complex', "The user's manager.", {
    subAttributes: [
      str('value', 'The id of the manager.'),
      attr('$ref', 'reference', 'The URI of the manager.', { referenceTypes: ['User'] }),
      str('displayName', 'The manager displayName.', { mutability: 'readOnly' }),
    ],
  }),
];

export const KEYHAVEN_USER_ATTRIBUTES: readonly AttributeDef[] = [
  str('node', 'The org node the user belongs to (a node of the tenant config).', { maxLength: 200 }),
  str('role', 'The Keyhaven role (a role of the tenant config); group role mappings take precedence.', { maxLength: 200 }),
  str('status', 'invited (provisioned, never signed in), active or deactivated.', { mutability: 'readOnly' }),
];

export const GROUP_ATTRIBUTES: readonly AttributeDef[] = [
  str('displayName', 'The group name (unique, case-insensitively).', { required: true, uniqueness: 'server', maxLength: 256 }),
  attr('members', 'complex', 'The users in the group.', {
    multiValued: true,
    subAttributes: [
      str('value', 'The id of the member user.', { mutability: 'immutable', maxLength: 128 }),
      attr('$ref', 'reference', 'The URI of the member.', { mutability: 'immutable', referenceTypes: ['User'] }),
      str('display', 'The member name.', { mutability: 'readOnly' }),
      str('type', 'User (groups of groups are not supported).', { mutability: 'immutable' }),
    ],
  }),
];

export const SCHEMAS: readonly SchemaDef[] = [
  { id: USER_SCHEMA, name: 'User', description: 'User Account', attributes: USER_ATTRIBUTES },
  { id: GROUP_SCHEMA, name: 'Group', description: 'Group', attributes: GROUP_ATTRIBUTES },
  { id: ENTERPRISE_USER_SCHEMA, name: 'EnterpriseUser', description: 'Enterprise User', attributes: ENTERPRISE_USER_ATTRIBUTES },
  { id: KEYHAVEN_USER_SCHEMA, name: 'KeyhavenUser', description: 'Keyhaven placement of the user', attributes: KEYHAVEN_USER_ATTRIBUTES },
];

export interface ResourceDef {
  readonly name: 'User' | 'Group';
  readonly endpoint: '/Users' | '/Groups';
  readonly schema: string;
  readonly attributes: readonly AttributeDef[];
  readonly extensions: readonly { readonly schema: string; readonly attributes: readonly AttributeDef[] }[];
}

export const USER_RESOURCE: ResourceDef = {
  name: 'User',
  endpoint: '/Users',
  schema: USER_SCHEMA,
  attributes: USER_ATTRIBUTES,
  extensions: [
    { schema: ENTERPRISE_USER_SCHEMA, attributes: ENTERPRISE_USER_ATTRIBUTES },
    { schema: KEYHAVEN_USER_SCHEMA, attributes: KEYHAVEN_USER_ATTRIBUTES },
  ],
};

export const GROUP_RESOURCE: ResourceDef = { name: 'Group', endpoint: '/Groups', schema: GROUP_SCHEMA, attributes: GROUP_ATTRIBUTES, extensions: [] };

/** id, externalId and meta (RFC 7643 §3.1), common to every resource. */
export const EXTERNAL_ID = str('externalId', 'The identifier the provisioning client uses.', { caseExact: true, maxLength: 256 });

export function findAttribute(list: readonly AttributeDef[], name: string): AttributeDef | undefined {
  const lower = name.toLowerCase();
  return list.find((a) => a.name.toLowerCase() === lower);
}

/** The extension whose URN is `key` (case-insensitively), if any. */
export function findExtension(resource: ResourceDef, key: string) {
  const lower = key.toLowerCase();
  return resource.extensions.find((e) => e.schema.toLowerCase() === lower);
}
