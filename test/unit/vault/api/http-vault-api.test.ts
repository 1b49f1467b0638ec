import { describe, expect, it } from 'vitest';
import { createApiClient } from '../../../../main/api/api-client';
import { createHttpVaultApi } from '../../../../main/vault/api/http-vault-api';

interface Seen {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

/** A fetch that answers from a script; checks how the client maps requests and answers. */
function scriptedFetch(answers: { status: number; body: unknown }[]) {
  const seen: Seen[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    seen.push({ url, method: init.method ?? 'GET', headers: init.headers as Record<string, string>, body: init.body === undefined ? undefined : JSON.parse(String(init.body)) });
    const answer = answers.shift() ?? { status: 500, body: {} };
    return new Response(answer.status === 204 ? null : JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': 'application/json' } });
  }) as typeof globalThis.fetch;
  return { seen, fetch };
}

const snapshot = { exists: true, revision: 3, keys: null, records: [{ id: 'a', revision: 3, envelope: 'e', deleted: false }] };

describe('HTTP VaultApi client', () => {
  it('sends the session as a bearer token and reads a snapshot since a revision', async () => {
    const { seen, fetch } = scriptedFetch([{ status: 200, body: snapshot }]);
    const api = createHttpVaultApi({ client: createApiClient({ baseUrl: 'http://127.0.0.1:8443/', fetch }), sessionToken: () => 'sess-1' });
    expect(await api.getVault({ since: 2 })).toEqual(snapshot);
    expect(seen[0]).toMatchObject({ url: 'http://127.0.0.1:8443/v1/vault?since=2', method: 'GET', headers: { authorization: 'Bearer sess-1' } });
  });

  it('posts the vault keys and device keys as documented', async () => {
    const { seen, fetch } = scriptedFetch([{ status: 201, body: { exists: true, revision: 0 } }, { status: 200, body: { ok: true } }]);
    const api = createHttpVaultApi({ client: createApiClient({ baseUrl: 'http://h', fetch }), sessionToken: 's' });
    await api.createVault({ deviceId: 'd', wrappedDataKey: 'w', publicKey: 'p', wrappedPrivateKey: 'k' });
    await api.registerDeviceKey({ deviceId: 'd2', wrappedDataKey: 'w2' });
    expect(seen.map((s) => [s.method, s.url, s.body])).toEqual([
      ['POST', 'http://h/v1/vault', { deviceId: 'd', wrappedDataKey: 'w', publicKey: 'p', wrappedPrivateKey: 'k' }],
      ['POST', 'http://h/v1/vault/keys', { deviceId: 'd2', wrappedDataKey: 'w2' }],
    ]);
  });

  it('maps a 409 stale_revision to a stale result with the current rows', async () => {
    const current = [{ id: 'a', revision: 4, envelope: 'e4', deleted: false }];
    const { seen, fetch } = scriptedFetch([{ status: 409, body: { error: 'stale_revision', message: 'stale', current } }]);
    const api = createHttpVaultApi({ client: createApiClient({ baseUrl: 'http://h', fetch }), sessionToken: 's' });
    expect(await api.putRecords([{ id: 'a', envelope: 'e5', baseRevision: 3 }])).toEqual({ kind: 'stale', current });
    expect(seen[0]).toMatchObject({ method: 'PUT', url: 'http://h/v1/vault/records', body: { changes: [{ id: 'a', envelope: 'e5', baseRevision: 3 }] } });
  });

  it('turns {error, message} bodies into AppErrors with the same code', async () => {
    const { fetch } = scriptedFetch([{ status: 409, body: { error: 'vault_exists', message: 'already there' } }]);
    const api = createHttpVaultApi({ client: createApiClient({ baseUrl: 'http://h', fetch }), sessionToken: 's' });
    await expect(api.createVault({ deviceId: 'd', wrappedDataKey: 'w', publicKey: 'p', wrappedPrivateKey: 'k' })).rejects.toMatchObject({ code: 'vault_exists', status: 409 });
  });

  it('refuses a malformed answer instead of trusting it, and names an unreachable server', async () => {
    const { fetch } = scriptedFetch([{ status: 200, body: { exists: 'yes' } }]);
    await expect(createHttpVaultApi({ client: createApiClient({ baseUrl: 'http://h', fetch }), sessionToken: 's' }).getVault()).rejects.toMatchObject({ code: 'internal' });
    const down = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof globalThis.fetch;
    await expect(createHttpVaultApi({ client: createApiClient({ baseUrl: 'http://h', fetch: down }), sessionToken: 's' }).getVault()).rejects.toMatchObject({ code: 'backend_unreachable' });
  });
});
