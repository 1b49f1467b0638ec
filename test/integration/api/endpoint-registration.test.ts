import { describe, expect, it } from 'vitest';
import { API, listEndpoints } from '../../../main/api/api';
import { createApiClient } from '../../../main/api/api-client';
import { AppError } from '../../../main/errors/app-error';
import { useIdpAndBackend } from '../../support/idp-and-backend';
import { oidcTenantYaml, startIdp } from '../../support/oidc-tenant';

const key = (method: string, url: string) => `${method} ${url}`;

describe('the endpoint descriptors of main/api and the backend routes', () => {
  const t = useIdpAndBackend({ startIdp, yaml: oidcTenantYaml });

  it('registers every descriptor with its method and path', () => {
    const served = new Set(t.b.backend.routes.map((r) => key(r.method, r.url)));
    const missing = listEndpoints()
      .filter(({ endpoint }) => !served.has(key(endpoint.method, endpoint.path)))
      .map(({ name, endpoint }) => `${name}: ${key(endpoint.method, endpoint.path)}`);
    expect(missing).toEqual([]);
  });

  it('has a descriptor for every route of the app-facing API (/v1)', () => {
    const described = new Set(listEndpoints().map(({ endpoint }) => key(endpoint.method, endpoint.path)));
    const undescribed = t.b.backend.routes
      .filter((r) => r.url.startsWith('/v1/') && r.method !== 'HEAD')
      .map((r) => key(r.method, r.url))
      .filter((k) => !described.has(k));
    expect(undescribed).toEqual([]);
  });

  it('describes each method and path once', () => {
    const keys = listEndpoints().map(({ endpoint }) => key(endpoint.method, endpoint.path));
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });

  it('answers the client in the documented shapes', async () => {
    const client = createApiClient({ baseUrl: t.b.url });
    expect(await client.call(API.sso.lookup, { query: { email: 'someone@acme.test' } })).toEqual({ connectionId: 'acme-oidc', type: 'oidc', node: 'Engineering' });
    const refused = await client.call(API.sso.lookup, { query: { email: 'someone@elsewhere.test' } }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: 'no_sso_for_domain', status: 404 });
    const signedOut = await client.call(API.session.me, { token: 'not-a-session' }).catch((e: unknown) => e);
    expect(signedOut).toMatchObject({ code: 'session_expired', status: 401 });
  });
});
