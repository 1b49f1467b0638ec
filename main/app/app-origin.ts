/**
 * The packaged renderer is served from our own privileged scheme, never from the web host or
 * the network. (`new URL('app://…').origin` is "null" for non-special schemes, so compare
 * protocol and host.)
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'keyhaven';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export function isAppUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}
