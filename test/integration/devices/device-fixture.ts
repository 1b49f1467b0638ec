import { startDemoOidcIdp, type DemoOidcIdp } from '../../../main/demo/oidc-idp';
import { createApiClient } from '../../../main/api/api-client';
import { createLogger } from '../../../main/log/logger';
import { startPushClient, type PushClient, type PushMessage, type PushSignOutReason } from '../../../main/devices/push-client';
import { authorizeInBrowser } from '../../support/oidc-browser';
import { tenantYaml } from '../../support/tenant-yaml';
import { type TestBackend } from '../../support/test-backend';

export const CLIENT_ID = 'keyhaven-desktop';
const REDIRECT = 'http://127.0.0.1:53682/sso/oidc/callback';
export const USERS = [
  { email: 'alice@devices.test', password: 'alice-idp-pass', name: 'Alice' },
  { email: 'bob@devices.test', password: 'bob-idp-pass', name: 'Bob' },
] as const;

export const startIdp = (): Promise<DemoOidcIdp> => startDemoOidcIdp({ users: USERS, clientId: CLIENT_ID });

export function devicesTenantYaml(issuer: string): string {
  return tenantYaml({
    tenant: 'Devices Test',
    roles: '  - name: Employee\n    policy: { onboarding: false }',
    rest: `sso:
  - id: devices-oidc
    type: oidc
    node: Devices Test
    domains: [devices.test]
    jit: true
    issuer: ${issuer}
    clientId: ${CLIENT_ID}
`,
  });
}

export interface SignedInDevice {
  readonly deviceId: string;
  readonly token: string;
  readonly userId: string;
  readonly email: string;
}

/** A real OIDC sign-in (oidc-provider) from one device. */
export async function signIn(b: TestBackend, who: (typeof USERS)[number], deviceId: string): Promise<SignedInDevice> {
  const device = { id: deviceId, name: `${who.name} on host-${deviceId.slice(0, 4)} (Linux)`, platform: 'linux' };
  const started = await b.api('POST', '/v1/sso/start', { body: { email: who.email, redirectUri: REDIRECT, device } });
  if (started.status !== 200) throw new Error(`start failed: ${started.text}`);
  const callbackUrl = await authorizeInBrowser(started.body.authorizationUrl, REDIRECT, { login: who.email, password: who.password });
  const done = await b.api('POST', '/v1/sso/complete', { body: { transactionId: started.body.transactionId, callbackUrl } });
  if (done.status !== 200) throw new Error(`complete failed: ${done.text}`);
  return { deviceId, token: String(done.body.session), userId: String(done.body.user.id), email: who.email };
}

/** The app's real push client, recording what it receives. */
export function listen(baseUrl: string, token: string, options: { fetch?: typeof fetch; pollMs?: number } = {}) {
  const events: PushMessage[] = [];
  const signedOut: PushSignOutReason[] = [];
  const modes: string[] = [];
  const client: PushClient = startPushClient({
    client: createApiClient({ baseUrl, ...(options.fetch ? { fetch: options.fetch } : {}) }),
    token,
    logger: createLogger({ level: 'silent' }),
    onEvent: (e) => events.push(e),
    onSignedOut: (r) => signedOut.push(r),
    onConnected: (m) => modes.push(m),
    pollMs: options.pollMs ?? 200,
  });
  return { client, events, signedOut, modes };
}

/** A fetch for which the stream endpoint is blocked (as by a proxy that refuses event streams). */
export const streamBlockedFetch: typeof fetch = async (input, init) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (url.includes('/v1/push/stream')) return new Response('blocked by proxy', { status: 502 });
  return fetch(input, init);
};
