import type { HandlerDetails, WindowOpenHandlerResponse } from 'electron';
import { isAppUrl } from './app-origin';

/** `will-navigate` / `will-redirect`: the window never leaves our own pages. */
export function shouldBlockNavigation(targetUrl: string): boolean {
  return !isAppUrl(targetUrl);
}

/**
 * `setWindowOpenHandler`: no new Electron windows, ever. An http(s) link the user clicked is
 * handed to the system browser instead; anything else is dropped.
 */
export function windowOpenDecision(details: Pick<HandlerDetails, 'url'>, openExternal: (url: string) => void): WindowOpenHandlerResponse {
  if (isExternalWebUrl(details.url)) openExternal(details.url);
  return { action: 'deny' };
}

export function isExternalWebUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

/**
 * Permission requests (camera, geolocation, notifications, …) are denied by default. Only the
 * clipboard write the vault needs is granted, and only to our own pages.
 */
const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

export function permissionAllowed(permission: string, requestingUrl: string): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && isAppUrl(requestingUrl);
}
