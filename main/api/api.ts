import type { EndpointSpec } from './endpoint';
import { adminEndpoints } from './endpoints/admin';
import { deviceEndpoints } from './endpoints/devices';
import { pushEndpoints } from './endpoints/push';
import { recoveryEndpoints } from './endpoints/recovery';
import { sessionEndpoints } from './endpoints/session';
import { ssoEndpoints } from './endpoints/sso';
import { twoFactorEndpoints } from './endpoints/two-factor';
import { vaultEndpoints } from './endpoints/vault';

/**
 * Every endpoint of the backend's app-facing API (`/v1/*`), by area. The backend registers each
 * one (a test checks every `/v1` route has its descriptor here and every descriptor its route);
 * the app calls them through `createApiClient`. A new endpoint: one descriptor in its area's file.
 */
export const API = {
  sso: ssoEndpoints,
  session: sessionEndpoints,
  vault: vaultEndpoints,
  devices: deviceEndpoints,
  push: pushEndpoints,
  twoFactor: twoFactorEndpoints,
  admin: adminEndpoints,
  recovery: recoveryEndpoints,
} as const;

/** The descriptors as a list, each with its `area.name`. */
export function listEndpoints(): { readonly name: string; readonly endpoint: EndpointSpec }[] {
  return Object.entries(API).flatMap(([area, group]) => Object.entries(group).map(([name, endpoint]: [string, EndpointSpec]) => ({ name: `${area}.${name}`, endpoint })));
}
