import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { parseTenantConfig } from '../../main/backend/config/parse-tenant-config';
import { createBackend, type Backend } from '../../main/backend/http/create-backend';
import { SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import { createLogger } from '../../main/log/logger';
import { createSamlIdentityProvider, type SamlIdentityProvider } from '../../main/demo/saml-response-builder';

export const PUBLIC_URL = 'http://127.0.0.1:8443';
export const CONNECTION = 'bench-saml';
export const SP_ENTITY_ID = `${PUBLIC_URL}/sso/saml/${CONNECTION}/metadata`;
export const ACS_URL = `${PUBLIC_URL}/sso/saml/${CONNECTION}/acs`;

/**
 * A backend (SQLite in a temp folder, or the database `db` names) whose one SAML connection
 * trusts a fresh independent IdP.
 */
export async function startSamlBenchBackend(o: { db?: string; onQuery?: (sql: string) => void } = {}): Promise<{ backend: Backend; idp: SamlIdentityProvider }> {
  const idp = createSamlIdentityProvider({ entityId: 'https://idp.bench.test/saml' });
  const yaml = stringify({
    tenant: 'Bench',
    publicUrl: PUBLIC_URL,
    admin: { token: 'bench-admin-token-0123456789abcdef' },
    nodes: [{ name: 'Bench', defaultRole: 'Employee' }],
    roles: [{ name: 'Employee', policy: {} }],
    sso: [{ id: CONNECTION, type: 'saml', node: 'Bench', domains: ['bench.test'], jit: true, allowIdpInitiated: true, idpMetadata: idp.metadataXml('https://idp.bench.test/sso') }],
  });
  const config = await parseTenantConfig(yaml, { fileName: 'bench.yaml', baseDir: process.cwd() });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'keyhaven-bench-'));
  const backend = await createBackend({
    config,
    db: o.db ?? path.join(dir, 'bench.sqlite'),
    logger: createLogger({ level: 'silent' }),
    secretKey: randomBytes(32),
    ...(o.onQuery === undefined ? {} : { onQuery: o.onQuery }),
  });
  return { backend, idp };
}

/** An unsolicited (IdP-initiated) response for a person the backend has never seen: JIT runs. */
export function newUserResponse(idp: SamlIdentityProvider, i: number): string {
  return idp.buildResponse({ spEntityId: SP_ENTITY_ID, acsUrl: ACS_URL, inResponseTo: null, email: `user${i}.${process.pid}@bench.test` });
}

export async function postToAcs(backend: Backend, samlResponse: string): Promise<number> {
  const res = await backend.app.inject({
    method: 'POST',
    url: `/sso/saml/${CONNECTION}/acs`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ SAMLResponse: samlResponse }).toString(),
  });
  return res.statusCode;
}

/** The baseline: @node-saml/node-saml set to require both signatures, as our SP does. */
export function nodeSamlBaseline(idp: SamlIdentityProvider): SAML {
  return new SAML({
    idpCert: idp.certPem,
    idpIssuer: idp.entityId,
    issuer: SP_ENTITY_ID,
    audience: SP_ENTITY_ID,
    callbackUrl: ACS_URL,
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: true,
    validateInResponseTo: ValidateInResponseTo.never,
    acceptedClockSkewMs: 60_000,
  });
}
