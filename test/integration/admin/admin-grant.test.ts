import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTenantConfig } from '../../../main/backend/config/parse-tenant-config';
import type { DemoOidcIdp } from '../../../main/demo/oidc-idp';
import { ADMIN_TOKEN, startTestBackend, type TestBackend } from '../../support/test-backend';
import { adminTenantYaml, IDP_USERS, makeAdmin, signIn, startAdminIdp } from './admin-tenant';

const erin = IDP_USERS[0];

describe('admin grants in the role policy', () => {
  let idp: DemoOidcIdp;
  beforeAll(async () => {
    idp = await startAdminIdp();
  });
  afterAll(async () => {
    await idp?.close();
  });

  it('refuses a config whose admin scope names an unknown node, naming the path', async () => {
    const yaml = adminTenantYaml(idp.issuer, { engAdminPolicy: '      admin: { scope: Enginering, permissions: [users] }' });
    await expect(parseTenantConfig(yaml, { fileName: 'tenant.yaml', baseDir: '.' })).rejects.toThrow(/tenant\.yaml: roles\[2\]\.policy\.admin\.scope: unknown node "Enginering"/);
  });

  it('refuses unknown permissions and an empty list', async () => {
    const bad = adminTenantYaml(idp.issuer, { engAdminPolicy: '      admin: { scope: Engineering, permissions: [vaults] }' });
    await expect(parseTenantConfig(bad, { fileName: 'tenant.yaml', baseDir: '.' })).rejects.toThrow(/roles\[2\]\.policy\.admin\.permissions\[0\]/);
    const empty = adminTenantYaml(idp.issuer, { engAdminPolicy: '      admin: { scope: Engineering, permissions: [] }' });
    await expect(parseTenantConfig(empty, { fileName: 'tenant.yaml', baseDir: '.' })).rejects.toThrow(/at least one permission/);
  });

  describe('with a role that requires a second factor', () => {
    let b: TestBackend;
    beforeAll(async () => {
      const policy = '      requireTwoFactor: true\n      twoFactorMethods: [totp]\n      admin: { scope: Engineering, permissions: [users] }';
      b = await startTestBackend({ yaml: adminTenantYaml(idp.issuer, { engAdminPolicy: policy }) });
    });
    afterAll(async () => {
      await b?.close();
    });

    it('keeps the admin area closed until the session proved it (the vault’s access gate)', async () => {
      const { userId } = await signIn(b, erin.email, erin.password);
      await makeAdmin(b, userId);
      const { session } = await signIn(b, erin.email, erin.password);
      // Nothing enrolled yet and the policy requires a second factor: the gate asks for it.
      const res = await b.api('GET', '/v1/admin/users', { token: session });
      expect(res).toMatchObject({ status: 401, body: { error: 'two_factor_required' } });
      expect((await b.api('GET', '/v1/admin/users', { token: ADMIN_TOKEN })).status).toBe(200);
    });
  });
});
