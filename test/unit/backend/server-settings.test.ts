import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../main/backend/config/config-error';
import { parseTenantConfig } from '../../../main/backend/config/parse-tenant-config';

const base = (extra = '', token = 'an-admin-token-of-thirty-two-chars!') => `
tenant: Acme Corp
admin:
  token: "${token}"
nodes:
  - name: Acme Corp
${extra}`;
const parse = (text: string) => parseTenantConfig(text, { fileName: 'tenant.yaml', baseDir: process.cwd() });

async function issueAt(text: string, at: string): Promise<string | undefined> {
  const err = await parse(text).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConfigError);
  return (err as ConfigError).issues.find((i) => i.path === at)?.reason;
}

describe('server and rateLimits in the tenant config', () => {
  it('defaults: no trusted proxy, generous per-address limits, a per-user two-factor limit', async () => {
    const config = await parse(base());
    expect(config.server).toEqual({ trustedProxies: [] });
    expect(config.rateLimits).toEqual({ windowSeconds: 60, signIn: { perIp: 5000 }, twoFactor: { perIp: 5000, perAccount: 60 }, admin: { perIp: 600 } });
  });

  it('takes trusted proxies as addresses and CIDR ranges, and partial limits over the defaults', async () => {
    const config = await parse(base('server:\n  trustedProxies: [10.0.0.0/8, 192.0.2.1, "2001:db8::/32"]\nrateLimits:\n  twoFactor: { perAccount: 10 }\n'));
    expect(config.server.trustedProxies).toEqual(['10.0.0.0/8', '192.0.2.1', '2001:db8::/32']);
    expect(config.rateLimits.twoFactor).toEqual({ perIp: 5000, perAccount: 10 });
  });

  it('names the path of a bad proxy entry, an unknown limit key and a short admin token', async () => {
    expect(await issueAt(base('server:\n  trustedProxies: [lb.example]\n'), 'server.trustedProxies[0]')).toMatch(/IP address or CIDR range/);
    expect(await issueAt(base('server:\n  trustedProxies: [10.0.0.0/40]\n'), 'server.trustedProxies[0]')).toMatch(/IP address or CIDR range/);
    expect(await issueAt(base('rateLimits:\n  signIn: { perAccount: 5 }\n'), 'rateLimits.signIn.perAccount')).toBe('unknown key');
    expect(await issueAt(base('rateLimits:\n  windowSeconds: 0\n'), 'rateLimits.windowSeconds')).toBeDefined();
    expect(await issueAt(base('', 'too-short-admin-token'), 'admin.token')).toMatch(/at least 32 characters/);
  });
});
