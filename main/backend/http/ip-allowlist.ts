import { BlockList, isIP } from 'node:net';
import { AppError } from '../../errors/app-error';

/**
 * The role policy's `ipAllowlist`: exact addresses or CIDR ranges (IPv4 and IPv6). Empty means
 * everywhere. Behind a load balancer the backend must see the client's address (trust the
 * proxy's X-Forwarded-For there), or every request comes from the balancer.
 */
export function ipAllowed(allowlist: readonly string[], ip: string | undefined): boolean {
  if (allowlist.length === 0) return true;
  if (!ip) return false;
  const address = ip.startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
  const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
  const list = new BlockList();
  for (const entry of allowlist) {
    const [net, bits] = entry.split('/');
    if (!net || isIP(net) === 0) continue;
    const netFamily = isIP(net) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(net, netFamily);
    else list.addSubnet(net, Number(bits), netFamily);
  }
  return list.check(address, family);
}

export function assertIpAllowed(allowlist: readonly string[], ip: string | undefined): void {
  if (!ipAllowed(allowlist, ip)) {
    throw new AppError('ip_not_allowed', 'Your role may sign in to Keyhaven only from your organisation’s network.');
  }
}
