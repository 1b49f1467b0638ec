import { createHash } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../main/backend/config/config-error';
import { loadTenantConfig, parseTenantConfig } from '../../../../main/backend/config/parse-tenant-config';

const FIXTURES = path.resolve(__dirname, '../../../fixtures');
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

const tenant = (extra: string) => `
tenant: Acme
admin: { token: an-admin-token-of-at-least-32-characters }
nodes: [{ name: Acme, defaultRole: Employee, children: [{ name: Eng }] }]
roles: [{ name: Employee }, { name: Engineer }]
${extra}
`;

async function issues(text: string): Promise<{ path: string; reason: string }[]> {
  try {
    await parseTenantConfig(text, { fileName: 'tenant.yaml', baseDir: FIXTURES });
  } catch (err) {
    if (err instanceof ConfigError) return [...err.issues];
    throw err;
  }
  return [];
}

describe('SCIM and role-mapping config', () => {
  it('reads the example: named token hashes, mappings in order, a connection groups attribute', async () => {
    const c = await loadTenantConfig(path.join(FIXTURES, 'tenant-example.yaml'));
    expect(c.scimTokens).toEqual([
      { name: 'okta', sha256: sha('example-okta-scim-token-change-me-0123456789') },
      { name: 'entra', sha256: sha('example-entra-scim-token-change-me-0123456789') },
    ]);
    expect(c.roleMappings.map((m) => m.group)).toEqual(['Keyhaven Admins', 'Sales Team']);
    expect(c.sso.find((s) => s.id === 'okta')?.groupsAttribute).toBe('groups');
    expect(c.sso.find((s) => s.id === 'entra')?.groupsAttribute).toBeNull();
  });

  it('defaults to no SCIM tokens and no mappings, and lower-cases hashes', async () => {
    const c = await parseTenantConfig(tenant(`scim: { tokens: [{ name: a, sha256: ${sha('x').toUpperCase()} }] }`), { fileName: 't.yaml', baseDir: FIXTURES });
    expect(c.scimTokens).toEqual([{ name: 'a', sha256: sha('x') }]);
    expect(c.roleMappings).toEqual([]);
    expect((await parseTenantConfig(tenant(''), { fileName: 't.yaml', baseDir: FIXTURES })).scimTokens).toEqual([]);
  });

  it('names the place of every mistake', async () => {
    expect(await issues(tenant('scim: { tokens: [{ name: a, sha256: not-a-hash }] }'))).toContainEqual({ path: 'scim.tokens[0].sha256', reason: expect.stringMatching(/SHA-256/) });
    expect(await issues(tenant('scim: { tokens: [{ name: a, token: plain }] }'))).toContainEqual({ path: 'scim.tokens[0].token', reason: 'unknown key' });
    const dup = await issues(tenant(`scim: { tokens: [{ name: a, sha256: ${sha('x')} }, { name: a, sha256: ${sha('x')} }] }`));
    expect(dup.map((i) => i.path)).toEqual(['scim.tokens[1].name', 'scim.tokens[1].sha256']);
    const bad = await issues(tenant('roleMappings: [{ group: G, role: Overlord }, { group: H, role: Engineer, node: Mars }]'));
    expect(bad).toEqual([
      { path: 'roleMappings[0].role', reason: 'unknown role "Overlord"' },
      { path: 'roleMappings[1].node', reason: 'unknown node "Mars"' },
    ]);
    expect(await issues(tenant('roleMappings: [{ role: Engineer }]'))).toContainEqual({ path: 'roleMappings[0].group', reason: expect.any(String) });
  });
});
