import { describe, expect, it } from 'vitest';
import { parseTenantConfig } from '../../../main/backend/config/parse-tenant-config';
import type { SamlConnection } from '../../../main/backend/config/tenant-config';
import { createPosterCheck, posterOrigin } from '../../../main/backend/sso/poster-origin';
import { createSamlIdentityProvider } from '../../../main/demo/saml-response-builder';

describe('the poster check (login CSRF through an ACS)', () => {
  it('reads the poster from Origin, else from Referer; "null" and absent headers name nobody', () => {
    expect(posterOrigin({ origin: 'https://IdP.Example' })).toBe('https://idp.example');
    expect(posterOrigin({ referer: 'https://evil.example/page?x=1' })).toBe('https://evil.example');
    expect(posterOrigin({ origin: 'null', referer: 'https://evil.example/' })).toBe('https://evil.example');
    expect(posterOrigin({ origin: 'null' })).toBeNull();
    expect(posterOrigin({ referer: 'not a url' })).toBeNull();
    expect(posterOrigin(undefined)).toBeNull();
  });

  it('accepts the IdP’s own page and refuses any other, naming the check', async () => {
    const idp = createSamlIdentityProvider({ ssoUrl: 'https://idp.acme.test/sso' });
    const config = await parseTenantConfig(
      `
tenant: Acme
admin: { token: test-admin-token-0123456789abcdefghij }
nodes: [{ name: Acme, defaultRole: Employee }]
roles: [{ name: Employee }]
sso:
  - { id: okta, type: saml, node: Acme, domains: [acme.test], idpMetadata: ${JSON.stringify(idp.metadataXml('https://idp.acme.test/sso'))} }
`,
      { fileName: 'tenant.yaml', baseDir: process.cwd() },
    );
    const connection = config.sso[0] as SamlConnection;
    const check = createPosterCheck();
    expect(() => check(connection, { origin: 'https://idp.acme.test' })).not.toThrow();
    expect(() => check(connection, { origin: 'null' })).not.toThrow();
    expect(() => check(connection, {})).not.toThrow();
    expect(() => check(connection, { origin: 'https://evil.example' })).toThrow(expect.objectContaining({ code: 'invalid_response', detail: { check: 'origin' } }));
    expect(() => check(connection, { referer: 'https://idp.acme.test.evil.example/x' })).toThrow(/origin:/);
  });
});
