import { describe, expect, it } from 'vitest';
import { createMemoryVaultApiForTests } from '../../support/memory-vault-api';

async function vaultWith() {
  const api = createMemoryVaultApiForTests({ deviceId: 'd1' });
  await api.createVault({ deviceId: 'd1', wrappedDataKey: 'w', publicKey: 'p', wrappedPrivateKey: 'k' });
  return api;
}

describe('memory VaultApi stand-in enforces the revision rules', () => {
  it('raises the vault revision once per PUT and stamps every touched record', async () => {
    const api = await vaultWith();
    expect(await api.putRecords([{ id: 'a', envelope: 'e1', baseRevision: null }, { id: 'b', envelope: 'e2', baseRevision: null }])).toEqual({
      kind: 'applied',
      revision: 1,
      records: [{ id: 'a', revision: 1 }, { id: 'b', revision: 1 }],
    });
    expect((await api.getVault()).revision).toBe(1);
  });

  it('applies nothing when one change is stale, and returns the current rows of the stale ones', async () => {
    const api = await vaultWith();
    await api.putRecords([{ id: 'a', envelope: 'e1', baseRevision: null }]);
    await api.putRecords([{ id: 'a', envelope: 'e2', baseRevision: 1 }]);
    const result = await api.putRecords([{ id: 'a', envelope: 'e3', baseRevision: 1 }, { id: 'b', envelope: 'x', baseRevision: null }]);
    expect(result).toEqual({ kind: 'stale', current: [{ id: 'a', revision: 2, envelope: 'e2', deleted: false }] });
    expect(api.state.records.has('b')).toBe(false);
  });

  it('refuses to create a record id that exists', async () => {
    const api = await vaultWith();
    await api.putRecords([{ id: 'a', envelope: 'e1', baseRevision: null }]);
    expect((await api.putRecords([{ id: 'a', envelope: 'e2', baseRevision: null }])).kind).toBe('stale');
  });

  it('returns only newer records with since, and keys for the session device', async () => {
    const api = await vaultWith();
    await api.putRecords([{ id: 'a', envelope: 'e1', baseRevision: null }]);
    await api.putRecords([{ id: 'b', envelope: 'e2', baseRevision: null }]);
    const snapshot = await api.getVault({ since: 1 });
    expect(snapshot.records.map((r) => r.id)).toEqual(['b']);
    expect(snapshot.keys?.wrappedDataKey).toBe('w');
    expect((await api.asDevice('d2').getVault()).keys).toMatchObject({ deviceId: 'd2', wrappedDataKey: null });
  });

  it('says vault_exists for a second vault', async () => {
    const api = await vaultWith();
    await expect(api.createVault({ deviceId: 'd1', wrappedDataKey: 'w', publicKey: 'p', wrappedPrivateKey: 'k' })).rejects.toMatchObject({ code: 'vault_exists' });
  });
});
