import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkConfigFile } from '../../../../main/backend/admin/config-file-check';
import type { AdminPrincipal } from '../../../../main/backend/admin/admin-scope';
import { ConfigError } from '../../../../main/backend/config/config-error';
import { loadTenantConfig, parseTenantConfig } from '../../../../main/backend/config/parse-tenant-config';
import { createTestCertificateAuthority } from '../../../support/tls-certificates';

const dir = mkdtempSync(path.join(tmpdir(), 'keyhaven-syslog-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base = (entries: string) => `
tenant: Acme Corp
admin:
  token: "an-admin-token-of-thirty-two-chars!"
nodes:
  - name: Acme Corp
syslog:
${entries}`;
const parse = (text: string) => parseTenantConfig(text, { fileName: 'tenant.yaml', baseDir: dir });

async function issues(text: string): Promise<readonly { path: string; reason: string }[]> {
  const err = await parse(text).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConfigError);
  expect((err as ConfigError).message).toContain('tenant.yaml: syslog[');
  return (err as ConfigError).issues;
}

describe('syslog in the tenant config', () => {
  it('takes a TCP collector with defaults (every event, app keyhaven, facility auth, port 514)', async () => {
    const config = await parse(base('  - { id: siem, host: logs.example, transport: tcp }\n'));
    expect(config.syslog).toEqual([
      {
        id: 'siem',
        key: 'syslog:siem',
        host: 'logs.example',
        port: 514,
        transport: 'tcp',
        caPem: null,
        events: ['*'],
        appName: 'keyhaven',
        facility: 'auth',
        structuredDataId: 'keyhaven@32473',
        timeoutSeconds: 10,
        retry: { initialSeconds: 10, maxSeconds: 3600 },
      },
    ]);
  });

  it('takes a TLS collector on 6514 by default, with its CA from a file beside the config or inline', async () => {
    const ca = createTestCertificateAuthority();
    writeFileSync(path.join(dir, 'collector-ca.pem'), ca.certPem);
    const fromFile = await parse(base('  - { id: siem, host: 10.0.0.7, transport: tls, ca: ./collector-ca.pem, events: [sign_in.*], facility: local4, appName: kh }\n'));
    expect(fromFile.syslog[0]).toMatchObject({ host: '10.0.0.7', port: 6514, transport: 'tls', caPem: ca.certPem.trim(), events: ['sign_in.*'], facility: 'local4', appName: 'kh' });
    const inline = await parse(base(`  - id: siem\n    host: logs.example\n    port: 1514\n    transport: tls\n    ca: |\n${ca.certPem.replace(/^/gm, '      ')}\n`));
    expect(inline.syslog[0]).toMatchObject({ port: 1514, caPem: ca.certPem.trim() });
    const system = await parse(base('  - { id: siem, host: logs.example, transport: tls }\n'));
    expect(system.syslog[0]?.caPem).toBeNull();
  });

  it('refuses a wrong transport, host, port, facility, app name, event pattern or SD-ID, naming each place', async () => {
    const found = await issues(
      base(
        [
          '  - { id: a, host: logs.example, transport: udp }',
          '  - { id: b, host: "tcp://logs.example:514", transport: tcp }',
          '  - { id: c, host: logs.example, port: 70000, transport: tcp }',
          '  - { id: d, host: logs.example, transport: tcp, facility: local9 }',
          '  - { id: e, host: logs.example, transport: tcp, appName: "key haven" }',
          '  - { id: f, host: logs.example, transport: tcp, events: ["sign in"] }',
          '  - { id: g, host: logs.example, transport: tcp, structuredDataId: keyhaven }',
          '  - { id: h, host: logs.example, transport: tcp, colour: blue }',
        ].join('\n') + '\n',
      ),
    );
    expect(found).toEqual(
      expect.arrayContaining([
        { path: 'syslog[0].transport', reason: 'must be tcp or tls' },
        { path: 'syslog[1].host', reason: 'must be a host name or an IP address (no scheme, no port)' },
        { path: 'syslog[2].port', reason: expect.stringMatching(/65535/) },
        { path: 'syslog[3].facility', reason: expect.stringMatching(/^must be one of kern, user, .*local7$/) },
        { path: 'syslog[4].appName', reason: 'must be 1 to 48 printable ASCII characters without spaces (RFC 5424 APP-NAME)' },
        { path: 'syslog[5].events[0]', reason: expect.stringMatching(/must be an event type/) },
        { path: 'syslog[6].structuredDataId', reason: expect.stringMatching(/name@<private enterprise number>/) },
        { path: 'syslog[7].colour', reason: 'unknown key' },
      ]),
    );
  });

  it('refuses a CA that is missing, not a certificate, or given for plain TCP, and a duplicate id', async () => {
    const found = await issues(
      base(
        [
          '  - { id: a, host: logs.example, transport: tls, ca: ./missing.pem }',
          '  - { id: b, host: logs.example, transport: tls, ca: "-----BEGIN CERTIFICATE-----\\nnot base64\\n-----END CERTIFICATE-----" }',
          '  - { id: c, host: logs.example, transport: tcp, ca: ./missing.pem }',
          '  - { id: c, host: logs.example, transport: tcp }',
          '  - { id: e, host: logs.example, transport: tls, ca: "-----BEGIN PRIVATE KEY-----" }',
        ].join('\n') + '\n',
      ),
    );
    expect(found).toEqual([
      { path: 'syslog[0].ca', reason: 'cannot read certificate file "./missing.pem" (ENOENT)' },
      { path: 'syslog[1].ca', reason: 'certificate 1 is not a valid X.509 certificate' },
      { path: 'syslog[2].ca', reason: 'is only used with transport: tls' },
      { path: 'syslog[3].id', reason: 'duplicate syslog id "c"' },
      { path: 'syslog[4].ca', reason: 'holds no PEM certificate (-----BEGIN CERTIFICATE-----)' },
    ]);
  });

  it("the admin area's file check reads the CA beside the file and names a syslog problem as a restart would", async () => {
    const file = path.join(dir, 'tenant.yaml');
    writeFileSync(path.join(dir, 'siem-ca.pem'), createTestCertificateAuthority().certPem);
    writeFileSync(file, base('  - { id: siem, host: logs.example, transport: tls, ca: siem-ca.pem }\n'));
    const config = await loadTenantConfig(file);
    expect(config.syslog[0]?.caPem).toMatch(/^-----BEGIN CERTIFICATE-----/);
    const token: AdminPrincipal = { kind: 'token', actor: 'admin token', actorUserId: null, scope: null, nodes: null, permissions: new Set(['connections']) };
    expect(await checkConfigFile(config, new Date(), token)).toMatchObject({ state: 'valid', issueCount: 0 });
    writeFileSync(file, base('  - { id: siem, host: logs.example, transport: tcp, ca: siem-ca.pem }\n'));
    expect(await checkConfigFile(config, new Date(), token)).toMatchObject({ state: 'invalid', issues: [{ path: 'syslog[0].ca', reason: 'is only used with transport: tls' }] });
  });
});
