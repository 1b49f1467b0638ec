import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../main/backend/config/config-error';
import { loadTenantConfig, parseTenantConfig } from '../../../main/backend/config/parse-tenant-config';
import { connectionForDomain, defaultRoleForNode, findRole } from '../../../main/backend/config/tenant-config';

const FIXTURES = path.resolve(__dirname, '../../fixtures');
const EXAMPLE = path.join(FIXTURES, 'tenant-example.yaml');
const exampleText = readFileSync(EXAMPLE, 'utf8');
const opts = { fileName: 'tenant.yaml', baseDir: FIXTURES };

async function configError(text: string): Promise<ConfigError> {
  try {
    await parseTenantConfig(text, opts);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

async function expectIssue(text: string, pathInFile: string, reason: RegExp): Promise<void> {
  const err = await configError(text);
  expect(err.message).toContain('tenant.yaml');
  expect(err.code).toBe('config_invalid');
  const issue = err.issues.find((i) => i.path === pathInFile);
  expect(issue, `issues: ${JSON.stringify(err.issues)}`).toBeDefined();
  expect(issue?.reason).toMatch(reason);
  expect(err.message).toContain(`tenant.yaml: ${pathInFile}: `);
}

describe('tenant config', () => {
  it('loads the documented example with defaults resolved', async () => {
    const c = await loadTenantConfig(EXAMPLE);
    expect(c.tenant).toBe('Acme Corp');
    expect(c.sso.map((s) => s.id)).toEqual(['okta', 'entra']);
    expect(connectionForDomain(c, 'ACME.test')?.id).toBe('okta');
    expect(defaultRoleForNode(c, 'Sales')).toBe('Employee');
    expect(defaultRoleForNode(c, 'Engineering')).toBe('Engineer');
    expect(findRole(c, 'Engineer')?.policy).toMatchObject({ requireTwoFactor: true, twoFactorMethods: ['totp', 'webauthn'], rememberDeviceDays: 30 });
    expect(c.saml).toEqual({ clockSkewSeconds: 120, loopbackAcsPorts: [47291, 47292, 47293] });
    const okta = c.sso[0];
    expect(okta?.type === 'saml' && okta.idpMetadataXml).toContain('IDPSSODescriptor');
  });

  it('pins the recovery key fingerprint as pasted (colons, spaces, upper case) and refuses one that is not 64 hex digits, naming the path', async () => {
    const hex = 'f2b66fec7d4670f8ebdf8516f3789ca075ec013744c130d3c656131c288b64e1';
    const pasted = hex.toUpperCase().match(/.{4}/g)!.join(':');
    expect((await parseTenantConfig(`${exampleText}\nrecoveryKey:\n  fingerprint: "${pasted}"\n`, opts)).recoveryKeyFingerprint).toBe(hex);
    expect((await loadTenantConfig(EXAMPLE)).recoveryKeyFingerprint).toBeNull();
    await expectIssue(`${exampleText}\nrecoveryKey:\n  fingerprint: abc123\n`, 'recoveryKey.fingerprint', /64 hex digits/);
  });

  it('refuses an unknown key and names its path', async () => {
    await expectIssue(exampleText.replace('    jit: false', '    jit: false\n    colour: blue'), 'sso[1].colour', /unknown key/);
  });

  it('refuses an unknown key inside a role policy', async () => {
    await expectIssue(exampleText.replace('      requireTwoFactor: false', '      requireTwoFactor: false\n      twoFactorRequired: true'), 'roles[0].policy.twoFactorRequired', /unknown key/);
  });

  it('refuses a connection that names an unknown node', async () => {
    await expectIssue(exampleText.replace('node: Sales', 'node: Marketing'), 'sso[1].node', /unknown node "Marketing"/);
  });

  it('refuses a node whose defaultRole is not a role', async () => {
    await expectIssue(exampleText.replace('defaultRole: Engineer', 'defaultRole: Wizard'), 'nodes[0].children[0].defaultRole', /unknown role "Wizard"/);
  });

  it('refuses duplicate node names', async () => {
    await expectIssue(exampleText.replace('      - name: Sales ', '      - name: Engineering '), 'nodes[0].children[1].name', /duplicate node name "Engineering"/);
  });

  it('refuses duplicate connection ids', async () => {
    await expectIssue(exampleText.replace('id: entra', 'id: okta'), 'sso[1].id', /duplicate connection id "okta"/);
  });

  it('refuses a domain reserved by two connections', async () => {
    await expectIssue(exampleText.replace('domains: [sales.acme.test]', 'domains: [sales.acme.test, ACME.test]'), 'sso[1].domains[1]', /duplicate domain "acme.test".*okta/);
  });

  it('refuses a domain listed twice in one connection', async () => {
    await expectIssue(exampleText.replace('domains: [acme.test]', 'domains: [acme.test, acme.test]'), 'sso[0].domains[1]', /duplicate domain/);
  });

  it('refuses a connection id that cannot be used in URLs', async () => {
    await expectIssue(exampleText.replace('id: okta', 'id: Okta/Prod'), 'sso[0].id', /\[a-z0-9-\]\+/);
  });

  it('refuses a missing metadata file', async () => {
    await expectIssue(exampleText.replace('./example-idp-metadata.xml', './nope.xml'), 'sso[0].idpMetadata', /cannot read metadata file "\.\/nope\.xml"/);
  });

  it('refuses metadata that is not XML', async () => {
    await expectIssue(exampleText.replace('idpMetadata: ./example-idp-metadata.xml', 'idpMetadata: "<md:EntityDescriptor"'), 'sso[0].idpMetadata', /not well-formed XML/);
  });

  it('refuses metadata without a signing certificate', async () => {
    const xml = readFileSync(path.join(FIXTURES, 'example-idp-metadata.xml'), 'utf8').replace(/<md:KeyDescriptor[\s\S]*<\/md:KeyDescriptor>/, '');
    await expectIssue(exampleText.replace('idpMetadata: ./example-idp-metadata.xml', `idpMetadata: ${JSON.stringify(xml)}`), 'sso[0].idpMetadata', /no signing certificate/);
  });

  it('refuses metadata without a SingleSignOnService', async () => {
    const xml = readFileSync(path.join(FIXTURES, 'example-idp-metadata.xml'), 'utf8').replace(/<md:SingleSignOnService[^>]*\/>/g, '');
    await expectIssue(exampleText.replace('idpMetadata: ./example-idp-metadata.xml', `idpMetadata: ${JSON.stringify(xml)}`), 'sso[0].idpMetadata', /no SingleSignOnService/);
  });

  it('refuses a JIT connection whose node has no default role anywhere up the tree', async () => {
    const text = exampleText.replace('    defaultRole: Employee\n', '').replace('jit: false ', 'jit: true ');
    await expectIssue(text, 'sso[1].node', /no defaultRole/);
  });

  it('refuses a wrong type and names the path', async () => {
    await expectIssue(exampleText.replace('logoutTimerMinutes: 60', 'logoutTimerMinutes: soon'), 'roles[1].policy.logoutTimerMinutes', /number/);
  });

  it('reports YAML syntax errors with a line', async () => {
    const err = await configError('tenant: [unclosed\n');
    expect(err.message).toMatch(/tenant\.yaml: line \d+, column \d+: YAML syntax/);
  });

  it('refuses a YAML alias bomb as a config error naming the file, without expanding it', async () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdef'.split('').map((n, i) => `${n}: &${n} [${Array(9).fill(`*${'abcdef'[i]}`).join(', ')}]`), 'g: [*f, *f, *f, *f, *f, *f, *f, *f, *f]'];
    const err = await configError(`${bomb.join('\n')}\n${exampleText}`);
    expect(err.message).toMatch(/^Invalid tenant config\ntenant\.yaml: \(document\): YAML: .*alias/);
  });

  it('names the file when it cannot be read', async () => {
    await expect(loadTenantConfig('/nonexistent/tenant.yaml')).rejects.toThrow(/\/nonexistent\/tenant\.yaml: \(document\): cannot read the file \(ENOENT\)/);
  });
});
