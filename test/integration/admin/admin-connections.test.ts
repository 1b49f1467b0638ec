import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificateView, listConnections } from '../../../main/backend/admin/connections-view';
import { nodesUnder } from '../../../main/backend/admin/admin-scope';
import { createSelfSignedCertificate } from '../../../main/demo/saml-idp-certificate';
import { createSamlIdentityProvider } from '../../../main/demo/saml-response-builder';
import { ADMIN_TOKEN, startTestBackend, type TestBackend } from '../../support/test-backend';
import { tenantYaml } from '../../support/tenant-yaml';

const DAY = 86_400_000;

describe('SSO connections in the admin area', () => {
  let b: TestBackend;
  const idp = createSamlIdentityProvider({ entityId: 'https://idp.connections.test/saml' });

  beforeAll(async () => {
    b = await startTestBackend({
      yaml: tenantYaml({
        children: ['Engineering', 'Sales'],
        rest: `sso:
  - id: eng-saml
    type: saml
    node: Engineering
    domains: [eng.acme.test]
    jit: false
    allowIdpInitiated: true
    idpMetadata: |
${idp
  .metadataXml('https://idp.connections.test/sso')
  .split('\n')
  .map((l) => `      ${l}`)
  .join('\n')}
  - id: sales-oidc
    type: oidc
    node: Sales
    domains: [sales.acme.test]
    issuer: https://idp.example/
    clientId: keyhaven
`,
      }),
    });
  });
  afterAll(async () => {
    await b?.close();
  });

  it('lists every connection for the admin token: protocol, domains, node, JIT, IdP-initiated, certificate, SP metadata', async () => {
    const res = await b.api('GET', '/v1/admin/connections', { token: ADMIN_TOKEN });
    expect(res.status).toBe(200);
    const [saml, oidc] = res.body.connections;
    expect(saml).toMatchObject({ id: 'eng-saml', protocol: 'saml', node: 'Engineering', domains: ['eng.acme.test'], jit: false, allowIdpInitiated: true, spMetadataUrl: `${b.url}/sso/saml/eng-saml/metadata` });
    expect(saml.certificates).toHaveLength(1);
    expect(saml.certificates[0]).toMatchObject({ state: 'ok', daysLeft: expect.any(Number) });
    expect(saml.certificates[0].daysLeft).toBeGreaterThan(300);
    expect(oidc).toMatchObject({ id: 'sales-oidc', protocol: 'oidc', jit: true, allowIdpInitiated: null, issuer: 'https://idp.example/', certificates: [], spMetadataUrl: null });
    expect((await b.api('GET', saml.spMetadataUrl.slice(b.url.length))).status).toBe(200);
  });

  it('warns from 30 days before the certificate expires, and says when it has expired', () => {
    const now = new Date('2030-06-01T00:00:00Z');
    const cert = (days: number) => new X509Certificate(createSelfSignedCertificate({ commonName: 'IdP', now: new Date(now.getTime() - DAY), days }).certPem);
    expect(certificateView(cert(400), now).state).toBe('ok');
    expect(certificateView(cert(31), now)).toMatchObject({ state: 'expiring', daysLeft: 29 });
    expect(certificateView(cert(1), new Date(now.getTime() + 2 * DAY))).toMatchObject({ state: 'expired' });
  });
});

describe('connections in scope', () => {
  it('keeps only connections whose node is the scope node or below it', async () => {
    const { parseTenantConfig } = await import('../../../main/backend/config/parse-tenant-config');
    const config = await parseTenantConfig(
      `
tenant: T
admin: { token: ${ADMIN_TOKEN} }
nodes:
  - name: Root
    defaultRole: R
    children: [{ name: Engineering, children: [{ name: Platform }] }, { name: Sales }]
roles: [{ name: R }]
sso:
  - { id: plat, type: oidc, node: Platform, domains: [plat.test], issuer: "https://idp.example/", clientId: k }
  - { id: sales, type: oidc, node: Sales, domains: [sales.test], issuer: "https://idp.example/", clientId: k }
`,
      { fileName: 't.yaml', baseDir: '.' },
    );
    const principal = { kind: 'session' as const, actor: 'a@x.test', actorUserId: 'u', scope: 'Engineering', nodes: nodesUnder(config, 'Engineering'), permissions: new Set(['connections' as const]) };
    expect(principal.nodes).toEqual(['Engineering', 'Platform']);
    expect(listConnections(config, principal, 'http://127.0.0.1:1', new Date()).map((c) => c.id)).toEqual(['plat']);
  });
});
