import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * `server:` and `rateLimits:` of the tenant config. Defaults are generous per address on
 * purpose: a whole office often signs in through one public address (1,000 employees behind one
 * NAT must all get through a Monday-morning minute), while guessing is stopped per account.
 */
const cidr = z
  .string()
  .trim()
  .refine((v) => {
    const [address = '', bits, extra] = v.split('/');
    const family = isIP(address);
    if (family === 0 || extra !== undefined) return false;
    if (bits === undefined) return true;
    const n = Number(bits);
    return /^\d+$/.test(bits) && n >= 0 && n <= (family === 4 ? 32 : 128);
  }, 'must be an IP address or CIDR range (e.g. 10.0.0.0/8, 2001:db8::/32)');

export const serverSettingsSchema = z
  .object({
    // Peers whose X-Forwarded-For is believed (the load balancer): the client's address then comes from it.
    trustedProxies: z.array(cidr).max(64).default([]),
  })
  .strict()
  .prefault({});

const perWindow = z.number().int().min(1).max(10_000_000);

export const rateLimitsSchema = z
  .object({
    windowSeconds: z.number().int().min(1).max(3600).default(60),
    // lookup, start, complete: per client address (each endpoint). They check no secret of an
    // account (the IdP does), so there is no per-account count to lock anyone out with.
    signIn: z.object({ perIp: perWindow.default(5000) }).strict().prefault({}),
    // every /v1/two-factor endpoint: per client address (each endpoint) and per user (together):
    // they check the user's codes, keys and remembered-device secrets.
    twoFactor: z.object({ perIp: perWindow.default(5000), perAccount: perWindow.default(60) }).strict().prefault({}),
    // /v1/admin (admin token): per client address.
    admin: z.object({ perIp: perWindow.default(600) }).strict().prefault({}),
  })
  .strict()
  .prefault({});

export type ServerSettings = z.output<typeof serverSettingsSchema>;
export type RateLimits = z.output<typeof rateLimitsSchema>;
