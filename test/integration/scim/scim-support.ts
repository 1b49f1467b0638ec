import { createHash } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { inflateRawSync } from 'node:zlib';
import { createSamlIdentityProvider, type SamlIdentityProvider } from '../../../main/demo/saml-response-builder';
import type { StoreTarget } from '../../support/store-targets';
import { ADMIN_TOKEN, startTestBackend, type TestBackend } from '../../support/test-backend';

export const OKTA_TOKEN = 'okta-scim-token-9f8e7d6c5b4a39281706f5e4d3c2b1a0';
export const ENTRA_TOKEN = 'entra-scim-token-0a1b2c3d4e5f60718293a4b5c6d7e8f9';
/** Listed in the config but not presented by any test: rotation keeps several live at once. */
export const OLD_TOKEN = 'old-scim-token-rotated-out-soon-1234567890abcdef';
export const PUBLIC_URL = 'https://keyhaven.acme.test';
export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const EXT = 'urn:keyhaven:params:scim:schemas:extension:1.0:User';
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * A tenant provisioned by SCIM: `acme.test` signs in by SAML with JIT off and sends a `groups`
 * attribute; role mappings give Admins and Engineers their roles (Admins first: it wins).
 */
export function scimTenantYaml(idp: SamlIdentityProvider, o: { jit?: boolean } = {}): string {
  const md = JSON.stringify(idp.metadataXml('https://idp.acme.test/sso'));
  return `
tenant: Acme Corp
admin: { token: ${ADMIN_TOKEN} }
scim:
  tokens:
    - { name: okta, sha256: ${sha256(OKTA_TOKEN)} }
    - { name: entra, sha256: ${sha256(ENTRA_TOKEN).toUpperCase()} }
    - { name: okta-previous, sha256: ${sha256(OLD_TOKEN)} }
nodes:
  - name: Acme Corp
    defaultRole: Employee
    children:
      - { name: Engineering, defaultRole: Engineer }
      - { name: Security }
roles:
  - { name: Employee }
  - { name: Engineer, policy: { requireTwoFactor: true } }
  - { name: Admin, policy: { requireTwoFactor: true, logoutTimerMinutes: 15 } }
roleMappings:
  - { group: Keyhaven Admins, role: Admin, node: Security }
  - { group: 0f3c9a2e-eng, role: Engineer, node: Engineering }
sso:
  - { id: okta, type: saml, node: Acme Corp, domains: [acme.test], jit: ${o.jit ?? false}, groupsAttribute: groups, idpMetadata: ${md} }
`;
}

export interface ScimResponse {
  readonly status: number;
  readonly body: any;
  readonly headers: Headers;
}

/** A SCIM client as Okta and Entra are: bearer token, application/scim+json both ways. */
export function scimClient(b: TestBackend, token: string) {
  return async (method: string, path: string, body?: unknown, o: { raw?: string; contentType?: string } = {}): Promise<ScimResponse> => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/scim+json' };
    const payload = o.raw ?? (body === undefined ? undefined : JSON.stringify(body));
    if (payload !== undefined) headers['content-type'] = o.contentType ?? 'application/scim+json; charset=utf-8';
    const res = await fetch(`${b.url}/scim/v2${path}`, { method, headers, ...(payload === undefined ? {} : { body: payload }) });
    const text = await res.text();
    return { status: res.status, body: text === '' ? null : JSON.parse(text), headers: res.headers };
  };
}

export type Scim = ReturnType<typeof scimClient>;

export async function startScimBackend(idp: SamlIdentityProvider, db: string, o: { jit?: boolean } = {}): Promise<TestBackend> {
  return startTestBackend({ yaml: scimTenantYaml(idp, o), db, publicUrl: PUBLIC_URL });
}

export { createSamlIdentityProvider, ADMIN_TOKEN };

/** SP-initiated SAML sign-in through /v1/sso/start and /v1/sso/complete (what the app relays). */
export async function samlSignIn(b: TestBackend, idp: SamlIdentityProvider, email: string, attributes: Record<string, string | string[]> = {}) {
  const start = await b.api('POST', '/v1/sso/start', { body: { email, redirectUri: 'http://127.0.0.1:47000/cb', device: { id: `device-${email.toLowerCase().replace(/[^\w.-]/g, "-")}`, name: 'Laptop', platform: 'linux' } } });
  if (start.status !== 200) throw new Error(`start: ${start.status} ${start.text}`);
  const url = new URL(start.body.authorizationUrl);
  const xml = inflateRawSync(Buffer.from(url.searchParams.get('SAMLRequest') ?? '', 'base64')).toString('utf8');
  const requestId = /\sID="([^"]+)"/.exec(xml)?.[1] ?? '';
  const samlResponse = idp.buildResponse({
    spEntityId: `${PUBLIC_URL}/sso/saml/okta/metadata`,
    acsUrl: `${PUBLIC_URL}/sso/saml/okta/acs`,
    signAssertion: true,
    email,
    inResponseTo: requestId,
    attributes,
  } as Parameters<SamlIdentityProvider['buildResponse']>[0]);
  return b.api('POST', '/v1/sso/complete', { body: { connectionId: 'okta', samlResponse, transactionId: start.body.transactionId } });
}

/** Audit events straight from the store, newest first. */
export async function auditEvents(b: TestBackend, type?: string) {
  return b.backend.store.audit.listNewestFirst({ limit: 1000, type });
}

export interface ScimEnv {
  readonly idp: SamlIdentityProvider;
  b: TestBackend;
  okta: Scim;
  entra: Scim;
}

/** One backend per suite on the target's database, with the Okta and Entra clients (set in beforeAll). */
export function scimBackendFor(target: StoreTarget): ScimEnv {
  const env = { idp: createSamlIdentityProvider() } as ScimEnv;
  beforeAll(async () => {
    await target.setup();
    env.b = await startScimBackend(env.idp, await target.fresh());
    env.okta = scimClient(env.b, OKTA_TOKEN);
    env.entra = scimClient(env.b, ENTRA_TOKEN);
  });
  afterAll(async () => {
    await env.b?.close();
    await target.teardown();
  });
  return env;
}

/** Every row SCIM writes (users, groups, memberships), in a stable order: compared before and after a refusal. */
export async function scimRows(b: TestBackend) {
  const db = b.backend.store.kysely;
  return {
    users: await db.selectFrom('users').selectAll().orderBy('id').execute(),
    groups: await db.selectFrom('scim_groups').selectAll().orderBy('id').execute(),
    members: await db.selectFrom('scim_group_members').selectAll().orderBy('group_id').orderBy('user_id').execute(),
  };
}
