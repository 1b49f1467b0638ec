import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTenantConfig } from '../../../main/backend/config/parse-tenant-config';
import type { SamlConnection, TenantConfig } from '../../../main/backend/config/tenant-config';
import { openStore } from '../../../main/backend/store/open-store';
import type { Store } from '../../../main/backend/store/store';
import { createSamlSignIn, type SamlSignIn } from '../../../main/backend/sso/saml-sign-in';
import { createSamlIdentityProvider } from '../../../main/demo/saml-response-builder';

const PUBLIC_URL = 'https://keyhaven.acme.test';
const SSO_URL = 'https://idp.acme.test/sso';
const ENTITY_ID = 'https://idp.acme.test/saml';

describe('the per-connection SAML set-up made once and reused', () => {
  // The same IdP before and after it rotated its signing certificate.
  const before = createSamlIdentityProvider({ entityId: ENTITY_ID, ssoUrl: SSO_URL });
  const after = createSamlIdentityProvider({ entityId: ENTITY_ID, ssoUrl: SSO_URL });
  const dir = mkdtempSync(path.join(tmpdir(), 'keyhaven-saml-cache-'));
  let store: Store;
  let config: TenantConfig;
  let saml: SamlSignIn;

  beforeAll(async () => {
    store = await openStore(path.join(dir, 'cache.sqlite'));
    config = await parseTenantConfig(
      `
tenant: Acme
admin: { token: test-admin-token-0123456789abcdefghij }
nodes: [{ name: Acme, defaultRole: Employee }]
roles: [{ name: Employee }]
sso:
  - { id: okta, type: saml, node: Acme, domains: [acme.test], jit: true, allowIdpInitiated: true, idpMetadata: ${JSON.stringify(before.metadataXml(SSO_URL))} }
`,
      { fileName: 'tenant.yaml', baseDir: process.cwd() },
    );
    saml = createSamlSignIn({ config, store, now: () => new Date(), publicUrl: () => PUBLIC_URL, loopbackAcsPorts: [] });
  });
  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const unsolicited = (idp: typeof before, email: string) =>
    idp.buildResponse({ spEntityId: `${PUBLIC_URL}/sso/saml/okta/metadata`, acsUrl: `${PUBLIC_URL}/sso/saml/okta/acs`, inResponseTo: null, email });

  it('checks responses with the SP prepared at start, as often as asked', async () => {
    await saml.prepare();
    const connection = config.sso[0] as SamlConnection;
    for (const email of ['ann@acme.test', 'ben@acme.test']) {
      await expect(saml.validate(connection, { samlResponse: unsolicited(before, email) })).resolves.toMatchObject({ identity: { email } });
    }
  });

  it('picks up new IdP metadata (a rotated signing certificate): the new key is trusted, the old one no longer', async () => {
    const old = config.sso[0] as SamlConnection;
    await expect(saml.validate(old, { samlResponse: unsolicited(before, 'cho@acme.test') })).resolves.toBeDefined();

    const rotated: SamlConnection = { ...old, idpMetadataXml: after.metadataXml(SSO_URL) };
    await expect(saml.validate(rotated, { samlResponse: unsolicited(after, 'dee@acme.test') })).resolves.toMatchObject({ identity: { email: 'dee@acme.test' } });
    await expect(saml.validate(rotated, { samlResponse: unsolicited(before, 'eve@acme.test') })).rejects.toMatchObject({
      code: 'invalid_response',
      detail: { check: 'signature' },
    });
    // And the SP of the unchanged metadata still refuses the new key.
    await expect(saml.validate(old, { samlResponse: unsolicited(after, 'fay@acme.test') })).rejects.toMatchObject({ code: 'invalid_response' });
  });
});
