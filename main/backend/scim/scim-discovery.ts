import { MAX_RESULTS } from './scim-query';
import { GROUP_RESOURCE, SCHEMAS, USER_RESOURCE, type AttributeDef, type ResourceDef, type SchemaDef } from './scim-schemas';

const SPC_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
const RESOURCE_TYPE_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';
const SCHEMA_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';

/** RFC 7643 §5. */
export function serviceProviderConfig(baseUrl: string) {
  return {
    schemas: [SPC_SCHEMA],
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_RESULTS },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description: 'Authentication with a SCIM bearer token of the tenant config (scim.tokens).',
        specUri: 'https://www.rfc-editor.org/info/rfc6750',
            primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${baseUrl}/scim/v2/ServiceProviderConfig` },
  };
}

/** RFC 7643 §6. */
export function resourceType(r: ResourceDef, baseUrl: string) {
  return {
    schemas: [RESOURCE_TYPE_SCHEMA],
    id: r.name,
    name: r.name,
    endpoint: r.endpoint,
    description: r.name === 'User' ? 'User Account' : 'Group',
    schema: r.schema,
    schemaExtensions: r.extensions.map((e) => ({ schema: e.schema, required: false })),
    meta: { resourceType: 'ResourceType', location: `${baseUrl}/scim/v2/ResourceTypes/${r.name}` },
  };
}

export const RESOURCE_TYPES: readonly ResourceDef[] = [USER_RESOURCE, GROUP_RESOURCE];

function attributeDocument(a: AttributeDef): Record<string, unknown> {
  return {
    name: a.name,
    type: a.type,
    multiValued: a.multiValued,
    description: a.description,
    required: a.required,
    caseExact: a.caseExact,
    mutability: a.mutability,
    returned: a.returned,
    uniqueness: a.uniqueness,
    ...(a.referenceTypes === undefined ? {} : { referenceTypes: a.referenceTypes }),
    ...(a.subAttributes === undefined ? {} : { subAttributes: a.subAttributes.map(attributeDocument) }),
  };
}

/** RFC 7643 §7. */
export function schemaDocument(s: SchemaDef, baseUrl: string) {
  return {
    schemas: [SCHEMA_SCHEMA],
    id: s.id,
    name: s.name,
    description: s.description,
    attributes: s.attributes.map(attributeDocument),
    meta: { resourceType: 'Schema', location: `${baseUrl}/scim/v2/Schemas/${s.id}` },
  };
}

export { SCHEMAS };
