/**
 * Checks of configuration values shared by the managed configuration, the user's settings and
 * start-up: plain code, so what runs before the first screen does not load zod for them.
 */

const LOOPBACK_HOSTNAME = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** https everywhere; plain http only where the traffic never leaves the machine. */
export function isAllowedBackendUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  // Credentials in the URL would end up in logs and crash reports.
  if (url.username !== '' || url.password !== '') return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && LOOPBACK_HOSTNAME.test(url.hostname);
}

const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/** A lower-case DNS name with a top-level domain, such as acme.com. */
export function isDomainName(value: string): boolean {
  return DOMAIN.test(value);
}
