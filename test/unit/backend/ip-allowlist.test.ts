import { describe, expect, it } from 'vitest';
import { ipAllowed } from '../../../main/backend/http/ip-allowlist';

describe('role IP allowlist', () => {
  it('allows everything when the list is empty', () => {
    expect(ipAllowed([], '203.0.113.9')).toBe(true);
  });
  it('matches exact addresses and CIDR ranges, IPv4 and IPv6', () => {
    const list = ['10.0.0.0/8', '192.0.2.7', '2001:db8::/32'];
    expect(ipAllowed(list, '10.20.30.40')).toBe(true);
    expect(ipAllowed(list, '192.0.2.7')).toBe(true);
    expect(ipAllowed(list, '192.0.2.8')).toBe(false);
    expect(ipAllowed(list, '2001:db8:1::5')).toBe(true);
    expect(ipAllowed(list, '2001:db9::5')).toBe(false);
  });
  it('reads IPv4-mapped IPv6 addresses as IPv4', () => {
    expect(ipAllowed(['127.0.0.0/8'], '::ffff:127.0.0.1')).toBe(true);
  });
  it('refuses when the address is unknown', () => {
    expect(ipAllowed(['10.0.0.0/8'], undefined)).toBe(false);
  });
});
