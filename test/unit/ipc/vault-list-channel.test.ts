import { describe, expect, it } from 'vitest';
import type { HandlerTable, ResultOf } from '../../../preload/contract';
import { vaultHandlers } from '../../../main/ipc/handlers/vault-handlers';
import { runHandler } from '../../../main/ipc/run-handler';
import type { RuntimeServices } from '../../../main/ipc/runtime-services';
import { createLogger } from '../../../main/log/logger';
import { RECORD_PAGE_SIZE } from '../../../main/shared/record-limits';
import { DEFAULT_POLICY } from '../../../main/policy/enforcement-policy';
import { createVaultService, type VaultService } from '../../../main/vault/vault-service';
import { createMemoryKeychainForTests } from '../../support/memory-keychain';
import { createMemoryVaultApiForTests } from '../../support/memory-vault-api';

const logger = createLogger({ level: 'silent' });

/** The vault channels over the contract's own boundary (request and result schemas checked), on a real vault. */
async function vaultChannels() {
  const vault: VaultService = createVaultService({
    api: createMemoryVaultApiForTests({ deviceId: 'device-A' }),
    keychain: createMemoryKeychainForTests(),
    accountPrefix: 'http://127.0.0.1:8443|user-1',
  });
  await vault.create({ deviceId: 'device-A', rules: DEFAULT_POLICY.masterPassword });
  const services = { sessions: { active: () => ({ vault }) } } as unknown as RuntimeServices;
  const table = vaultHandlers(services) as HandlerTable;
  async function call<C extends 'listRecords' | 'saveRecord' | 'deleteRecord' | 'moveFolder'>(channel: C, request: unknown): Promise<ResultOf<C>> {
    const result = await runHandler(table, channel, request, { transport: 'ipc' }, logger, { checkResults: true });
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
    return result.value as ResultOf<C>;
  }
  return { vault, call };
}

const titles = (page: ResultOf<'listRecords'>) => page.records.map((r) => r.title);
const numbered = (n: number) => `Item ${String(n).padStart(4, '0')}`;

describe('listRecords answers a page, not the vault', () => {
  it('pages a large vault: the first page by default, the next from an offset, the total throughout', async () => {
    const { vault, call } = await vaultChannels();
    const count = RECORD_PAGE_SIZE.default * 2 + 5;
    await vault.saveMany(Array.from({ length: count }, (_, i) => ({ title: numbered(i), folder: i % 2 === 0 ? 'Even' : null })));
    const first = await call('listRecords', { query: '' });
    expect(first.records).toHaveLength(RECORD_PAGE_SIZE.default);
    expect(first.total).toBe(count);
    expect(first.counts).toMatchObject({ all: count, unfiled: (count - 1) / 2, folders: [{ name: 'Even', count: (count + 1) / 2 }] });
    const seen = [...titles(first)];
    for (let offset = seen.length; offset < count; offset = seen.length) {
      const next = await call('listRecords', { query: '', offset, limit: RECORD_PAGE_SIZE.default });
      expect(next.total).toBe(count);
      seen.push(...titles(next));
    }
    expect(seen).toEqual(Array.from({ length: count }, (_, i) => numbered(i)));
    expect(await call('listRecords', { query: '', offset: count })).toMatchObject({ records: [], total: count });
  });

  it('answers an empty vault with no records and a total of 0', async () => {
    const { call } = await vaultChannels();
    expect(await call('listRecords', { query: '', selectedId: 'nothing' })).toMatchObject({ records: [], total: 0, selected: null, counts: { all: 0 } });
  });

  it('answers a page that follows edits: an added item in its place, an edited one changed, a deleted one gone', async () => {
    const { vault, call } = await vaultChannels();
    await vault.saveMany(['Alpha', 'Bravo', 'Delta'].map((title) => ({ title })));
    const before = await call('listRecords', { query: '', limit: 2 });
    expect(titles(before)).toEqual(['Alpha', 'Bravo']);
    const charlie = await call('saveRecord', { record: { type: 'login', title: 'Charlie', username: '', password: '', urls: [], notes: '', folder: null, totp: null, fields: [], favorite: true } });
    expect(titles(await call('listRecords', { query: '', offset: 2, limit: 2 }))).toEqual(['Charlie', 'Delta']);
    expect(await call('listRecords', { query: '', filter: { kind: 'favorites' }, selectedId: charlie.id })).toMatchObject({ total: 1, selected: { title: 'Charlie' } });
    const [alpha, bravo] = before.records;
    const { createdAt: _created, updatedAt: _updated, ...draft } = alpha ?? charlie;
    await call('saveRecord', { record: { ...draft, title: 'Zulu' } });
    await call('deleteRecord', { id: bravo?.id });
    const after = await call('listRecords', { query: '' });
    expect(titles(after)).toEqual(['Charlie', 'Delta', 'Zulu']);
    expect(after.total).toBe(3);
  });

  it('refuses a page larger than the largest page, and a negative offset, naming what was wrong', async () => {
    const { call } = await vaultChannels();
    await expect(call('listRecords', { query: '', limit: RECORD_PAGE_SIZE.max + 1 })).rejects.toThrow(/bad_request .*limit/);
    await expect(call('listRecords', { query: '', offset: -1 })).rejects.toThrow(/bad_request .*offset/);
    await expect(call('listRecords', { query: '', filter: { kind: 'folder' } })).rejects.toThrow(/bad_request .*filter/);
  });
});

describe('moveFolder acts on the whole vault, whatever the list has loaded', () => {
  it('renames a folder and the folders below it, and deleting one keeps its items with no folder', async () => {
    const { vault, call } = await vaultChannels();
    await vault.saveMany([
      ...Array.from({ length: RECORD_PAGE_SIZE.default + 1 }, (_, i) => ({ title: numbered(i), folder: 'Work' })),
      { title: 'Server', folder: 'Work/Servers' },
      { title: 'Workshop tools', folder: 'Workshop' },
    ]);
    expect(await call('moveFolder', { from: 'Work', to: 'Office' })).toEqual({ saved: RECORD_PAGE_SIZE.default + 2 });
    const folders = (await call('listRecords', { query: '' })).counts.folders;
    expect(new Map(folders.map((f) => [f.name, f.count]))).toEqual(new Map([['Office', RECORD_PAGE_SIZE.default + 1], ['Office/Servers', 1], ['Workshop', 1]]));
    expect(await call('moveFolder', { from: 'Office', to: null })).toEqual({ saved: RECORD_PAGE_SIZE.default + 2 });
    const after = await call('listRecords', { query: '' });
    expect(after.counts).toMatchObject({ all: RECORD_PAGE_SIZE.default + 3, unfiled: RECORD_PAGE_SIZE.default + 2, folders: [{ name: 'Workshop', count: 1 }] });
  });
});
