import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../main/backend/config/config-error';
import { parseTenantConfig } from '../../../../main/backend/config/parse-tenant-config';

const SECRET = 'a-webhook-secret-of-at-least-32-chars';
const base = (hooks: string) => `
tenant: Acme Corp
admin:
  token: "an-admin-token-of-thirty-two-chars!"
nodes:
  - name: Acme Corp
webhooks:
${hooks}`;
const parse = (text: string, env: Record<string, string> = {}) => parseTenantConfig(text, { fileName: 'tenant.yaml', baseDir: process.cwd(), env });

async function issueAt(text: string, at: string, env: Record<string, string> = {}): Promise<string | undefined> {
  const err = await parse(text, env).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConfigError);
  expect((err as ConfigError).message).toContain('tenant.yaml');
  return (err as ConfigError).issues.find((i) => i.path === at)?.reason;
}

describe('webhooks in the tenant config', () => {
  it('takes a hook with defaults, and a secret from the environment', async () => {
    const config = await parse(base(`  - { id: siem, url: "https://siem.example/in?k=1", events: [sign_in.*, user.deactivated], secretEnv: SIEM_SECRET }\n`), { SIEM_SECRET: SECRET });
    expect(config.webhooks).toEqual([
      { id: 'siem', url: 'https://siem.example/in?k=1', events: ['sign_in.*', 'user.deactivated'], secret: SECRET, timeoutSeconds: 10, retry: { initialSeconds: 10, maxSeconds: 3600 } },
    ]);
  });

  it('refuses a URL that is not http(s), naming the path', async () => {
    for (const url of ['ftp://siem.example/in', 'file:///etc/passwd', 'javascript:alert(1)', 'siem.example/in', 'https://user:pw@siem.example/']) {
      expect(await issueAt(base(`  - { id: siem, url: "${url}", events: ["*"], secret: ${SECRET} }\n`), 'webhooks[0].url')).toBe('must be an http(s) URL without user name or password');
    }
  });

  it('refuses a short secret, a missing environment variable, both or neither, a bad event pattern and a duplicate id', async () => {
    expect(await issueAt(base('  - { id: siem, url: "https://s.example/", events: ["*"], secret: short }\n'), 'webhooks[0].secret')).toMatch(/at least 32 characters/);
    expect(await issueAt(base('  - { id: siem, url: "https://s.example/", events: ["*"], secretEnv: NOT_SET }\n'), 'webhooks[0].secretEnv')).toBe(
      'environment variable NOT_SET must hold at least 32 characters',
    );
    expect(await issueAt(base('  - { id: siem, url: "https://s.example/", events: ["*"] }\n'), 'webhooks[0].secret')).toBe('give exactly one of secret and secretEnv');
    expect(await issueAt(base(`  - { id: siem, url: "https://s.example/", events: ["*"], secret: ${SECRET}, secretEnv: X }\n`), 'webhooks[0].secret', { X: SECRET })).toBe(
      'give exactly one of secret and secretEnv',
    );
    expect(await issueAt(base(`  - { id: siem, url: "https://s.example/", events: ["Sign In"], secret: ${SECRET} }\n`), 'webhooks[0].events[0]')).toMatch(/event type/);
    expect(await issueAt(base(`  - { id: siem, url: "https://s.example/", events: [], secret: ${SECRET} }\n`), 'webhooks[0].events')).toMatch(/at least one/);
    expect(
      await issueAt(base(`  - { id: siem, url: "https://s.example/", events: ["*"], secret: ${SECRET} }\n  - { id: siem, url: "https://t.example/", events: ["*"], secret: ${SECRET} }\n`), 'webhooks[1].id'),
    ).toBe('duplicate webhook id "siem"');
  });
});
