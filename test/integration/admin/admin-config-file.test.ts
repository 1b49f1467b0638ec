import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkConfigFile } from '../../../main/backend/admin/config-file-check';
import { nodesUnder, type AdminPrincipal } from '../../../main/backend/admin/admin-scope';
import { loadTenantConfig } from '../../../main/backend/config/parse-tenant-config';
import { ADMIN_TOKEN, startTestBackend } from '../../support/test-backend';
import { tenantYaml } from '../../support/tenant-yaml';

const yaml = (extra = '') => tenantYaml({ children: ['Engineering'], rest: extra });

describe('the tenant file as a restart would load it', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'keyhaven-config-check-'));
  const file = path.join(dir, 'tenant.yaml');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('says the file is valid, then names each problem of an edit that a restart would refuse; a scoped admin gets the count only', async () => {
    writeFileSync(file, yaml());
    const config = await loadTenantConfig(file);
    const token: AdminPrincipal = { kind: 'token', actor: 'admin token', actorUserId: null, scope: null, nodes: null, permissions: new Set(['connections']) };
    const scoped: AdminPrincipal = { ...token, kind: 'session', scope: 'Engineering', nodes: nodesUnder(config, 'Engineering') };
    const loadedAt = new Date('2026-12-02T09:00:00Z');
    expect(await checkConfigFile(config, loadedAt, token)).toEqual({ file, loadedAt: '2026-12-02T09:00:00.000Z', state: 'valid', issueCount: 0, issues: [] });

    writeFileSync(file, yaml('webhooks:\n  - { id: siem, url: "ftp://siem.example/", events: ["*"], secret: short }\n'));
    const invalid = await checkConfigFile(config, loadedAt, token);
    expect(invalid).toMatchObject({ state: 'invalid', issueCount: 2 });
    expect(invalid.issues).toEqual([
      { path: 'webhooks[0].url', reason: 'must be an http(s) URL without user name or password' },
      { path: 'webhooks[0].secret', reason: expect.stringMatching(/at least 32 characters/) },
    ]);
    expect(await checkConfigFile(config, loadedAt, scoped)).toMatchObject({ state: 'invalid', issueCount: 2, issues: null });
  });

  it('answers over HTTP with the connections permission; a configuration given in memory is not a file', async () => {
    const b = await startTestBackend({ yaml: yaml() });
    try {
      const res = await b.api('GET', '/v1/admin/config', { token: ADMIN_TOKEN });
      expect(res).toMatchObject({ status: 200, body: { file: 'test-tenant.yaml', state: 'not_a_file', issueCount: 0 } });
      expect((await b.api('GET', '/v1/admin/config')).body.error).toBe('unauthorized');
    } finally {
      await b.close();
    }
  });
});
