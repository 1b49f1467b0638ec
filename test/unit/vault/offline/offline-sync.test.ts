import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../main/errors/app-error';
import { DEFAULT_POLICY } from '../../../../main/policy/enforcement-policy';
import type { VaultApi } from '../../../../main/vault/api/vault-api';
import type { Keychain } from '../../../../main/vault/keychain/keychain';
import { flushQueue, offlineCopyTitle } from '../../../../main/vault/offline/flush-queue';
import { createOfflineReplica, type OfflineReplica } from '../../../../main/vault/offline/offline-replica';
import { enqueue } from '../../../../main/vault/offline/offline-state';
import { createOfflineStore } from '../../../../main/vault/offline/offline-store';
import { createReplicatedVaultApi } from '../../../../main/vault/offline/replicated-vault-api';
import { createVaultService, type VaultService } from '../../../../main/vault/vault-service';
import { createMemoryKeychainForTests } from '../../../support/memory-keychain';
import { createMemoryVaultApiForTests, type MemoryVaultApiForTests } from '../../../support/memory-vault-api';

const PREFIX = 'http://127.0.0.1:8443|user-1';
const DEVICE = 'device-A';
const DAY = 24 * 60 * 60 * 1000;
const account = { deviceId: DEVICE, policy: { ...DEFAULT_POLICY, offlineAccess: true, offlineAccessDays: 7 } };

/** The backend's vault API behind a network that can be cut: then every call fails as fetch does. */
function switchable(api: VaultApi) {
  const net = { up: true };
  const guard = <T>(run: () => Promise<T>): Promise<T> => (net.up ? run() : Promise.reject(new AppError('backend_unreachable', 'Could not reach the Keyhaven server.')));
  const remote: VaultApi = {
    getVault: (o) => guard(() => api.getVault(o)),
    createVault: (r) => guard(() => api.createVault(r)),
    registerDeviceKey: (r) => guard(() => api.registerDeviceKey(r)),
    putRecords: (c) => guard(() => api.putRecords(c)),
    replacePasswordKey: (c) => guard(() => api.replacePasswordKey(c)),
  };
  return { net, remote };
}

/** One start of the app: its replica reads the copy from disk, its vault runs on the replicated API. */
function launch(o: { server: MemoryVaultApiForTests; keychain: Keychain; dataDir: string; clock: { t: number } }) {
  const { net, remote } = switchable(o.server);
  const now = () => new Date(o.clock.t);
  const replica = createOfflineReplica({ store: createOfflineStore({ dataDir: o.dataDir, keychain: o.keychain, accountPrefix: PREFIX }), now });
  const api = createReplicatedVaultApi(remote, replica);
  const vault = createVaultService({ api, keychain: o.keychain, accountPrefix: PREFIX, now, flushQueued: (s) => flushQueue(remote, s, replica) });
  return { net, replica, vault };
}

async function onlineVault() {
  const server = createMemoryVaultApiForTests({ deviceId: DEVICE });
  const keychain = createMemoryKeychainForTests();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'keyhaven-offline-sync-'));
  const clock = { t: Date.parse('2026-03-01T10:00:00Z') };
  const app = launch({ server, keychain, dataDir, clock });
  await app.replica.allow(account, 7);
  await app.vault.create({ deviceId: DEVICE, rules: DEFAULT_POLICY.masterPassword });
  await app.vault.unlock({ deviceId: DEVICE });
  const a = await app.vault.save({ title: 'Alpha', username: 'alpha', password: 'pw-alpha' });
  const b = await app.vault.save({ title: 'Bravo', username: 'bravo', password: 'pw-bravo' });
  return { server, keychain, dataDir, clock, app, a, b, restart: () => launch({ server, keychain, dataDir, clock }) };
}

/** The app started again with the backend unreachable: the copy, as the session manager opens it. */
async function offlineStart(v: Awaited<ReturnType<typeof onlineVault>>): Promise<{ replica: OfflineReplica; vault: VaultService; net: { up: boolean } }> {
  const app = v.restart();
  app.net.up = false;
  expect(await app.replica.load()).not.toBeNull();
  app.replica.resume();
  await app.vault.unlock({ deviceId: DEVICE });
  return app;
}

const titles = (vault: VaultService) => vault.list().map((r) => r.title).sort();

/** Another device (the same keys, straight to the server) edits a record meanwhile. */
async function editElsewhere(v: Awaited<ReturnType<typeof onlineVault>>, id: string, title: string) {
  const other = createVaultService({ api: v.server, keychain: v.keychain, accountPrefix: PREFIX });
  await other.unlock({ deviceId: DEVICE });
  const record = other.get(id)!;
  await other.save({ ...record, title });
}

describe('offline copy and queue', () => {
  it('opens from the copy with the backend unreachable and queues add, edit and delete durably', async () => {
    const v = await onlineVault();
    const puts = v.server.state.putLog.length;
    const off = await offlineStart(v);
    expect(titles(off.vault)).toEqual(['Alpha', 'Bravo']);

    const c = await off.vault.save({ title: 'Charlie', username: 'charlie', password: 'pw-c' });
    await off.vault.save({ ...off.vault.get(v.a.id)!, title: 'Alpha (edited offline)' });
    await off.vault.remove(v.b.id);
    expect(titles(off.vault)).toEqual(['Alpha (edited offline)', 'Charlie']);
    expect(v.server.state.putLog).toHaveLength(puts);

    // Durable: another start, still offline, shows the same vault from disk.
    const again = await offlineStart(v);
    expect(titles(again.vault)).toEqual(['Alpha (edited offline)', 'Charlie']);
    const queue = again.replica.pending();
    expect(queue.map((q) => [q.id, q.deleted, q.baseRevision])).toEqual([
      [c.id, false, null],
      [v.a.id, false, v.server.state.records.get(v.a.id)!.revision],
      [v.b.id, true, v.server.state.records.get(v.b.id)!.revision],
    ]);
  });

  it('sends the queue when the backend is back; the server then holds exactly the offline changes', async () => {
    const v = await onlineVault();
    const off = await offlineStart(v);
    await off.vault.save({ title: 'Charlie', username: 'charlie', password: 'pw-c' });
    await off.vault.save({ ...off.vault.get(v.a.id)!, title: 'Alpha 2' });
    await off.vault.remove(v.b.id);

    off.net.up = true;
    await off.vault.sync();
    expect(off.replica.pending()).toEqual([]);
    expect(titles(off.vault)).toEqual(['Alpha 2', 'Charlie']);

    const fresh = createVaultService({ api: v.server, keychain: v.keychain, accountPrefix: PREFIX });
    await fresh.unlock({ deviceId: DEVICE });
    expect(titles(fresh)).toEqual(['Alpha 2', 'Charlie']);
    expect(fresh.listDeleted().map((r) => r.title)).toEqual(['Bravo']);
    // And the copy on disk has the server's new revisions, with nothing left to send.
    const later = v.restart();
    const stored = await later.replica.load();
    expect(stored?.queue).toEqual([]);
    expect(stored?.vault?.revision).toBe(v.server.state.revision);
  });

  it('a record changed on the server meanwhile keeps both versions: theirs in place, ours as an offline copy', async () => {
    const v = await onlineVault();
    const off = await offlineStart(v);
    await off.vault.save({ ...off.vault.get(v.a.id)!, title: 'Alpha mine', password: 'pw-mine' });
    await editElsewhere(v, v.a.id, 'Alpha theirs');

    off.net.up = true;
    await off.vault.sync();
    expect(titles(off.vault)).toEqual([offlineCopyTitle('Alpha mine'), 'Alpha theirs', 'Bravo']);
    const copy = off.vault.list().find((r) => r.title === offlineCopyTitle('Alpha mine'))!;
    expect(copy.id).not.toBe(v.a.id);
    expect(copy.password).toBe('pw-mine');
    expect(off.vault.get(v.a.id)?.title).toBe('Alpha theirs');
    expect(off.replica.pending()).toEqual([]);
    expect(v.server.state.records.size).toBe(3);
  });

  it('an offline deletion of a record edited on the server meanwhile keeps the server’s version', async () => {
    const v = await onlineVault();
    const off = await offlineStart(v);
    await off.vault.remove(v.b.id);
    await editElsewhere(v, v.b.id, 'Bravo theirs');

    off.net.up = true;
    await off.vault.sync();
    expect(titles(off.vault)).toEqual(['Alpha', 'Bravo theirs']);
    expect(v.server.state.records.get(v.b.id)?.deleted).toBe(false);
    expect(off.replica.pending()).toEqual([]);
  });

  it('a queue the server already took (crash before it was cleared) is not sent twice nor copied', async () => {
    const v = await onlineVault();
    const off = await offlineStart(v);
    await off.vault.save({ ...off.vault.get(v.a.id)!, title: 'Alpha once' });
    await off.vault.save({ title: 'Delta', username: 'd', password: 'pw-d' });
    // The PUT reached the server, then the app died before clearing its queue.
    const applied = await v.server.putRecords(off.replica.pending().map((q) => ({ ...q })));
    expect(applied.kind).toBe('applied');

    const next = v.restart();
    await next.replica.load();
    next.replica.resume();
    await next.vault.unlock({ deviceId: DEVICE });
    await next.vault.sync();
    expect(titles(next.vault)).toEqual(['Alpha once', 'Bravo', 'Delta']);
    expect(v.server.state.records.size).toBe(3);
    expect(next.replica.pending()).toEqual([]);
  });

  it('writes made while changes wait stay behind them, so the server gets them in order', async () => {
    const v = await onlineVault();
    const off = await offlineStart(v);
    await off.vault.save({ ...off.vault.get(v.a.id)!, title: 'Alpha offline' });
    off.net.up = true;
    // Back online but not synced yet: this edit queues behind the offline one.
    await off.vault.save({ ...off.vault.get(v.a.id)!, title: 'Alpha online' });
    expect(off.replica.pending()).toHaveLength(1);
    await off.vault.sync();
    expect(v.server.state.records.get(v.a.id)?.revision).toBe(v.server.state.revision);
    expect(titles(off.vault)).toEqual(['Alpha online', 'Bravo']);
  });

  it('the copy stops opening when the offline window (days since the last contact) has run out', async () => {
    const v = await onlineVault();
    v.clock.t += 7 * DAY - 60_000;
    const stillOpen = await offlineStart(v);
    expect(stillOpen.replica.expired()).toBe(false);

    v.clock.t += 60_000;
    const late = v.restart();
    late.net.up = false;
    await late.replica.load();
    late.replica.resume();
    expect(late.replica.expired()).toBe(true);
    await expect(late.vault.unlock({ deviceId: DEVICE })).rejects.toMatchObject({ code: 'backend_unreachable' });
  });

  it('a role without offline access keeps no copy: forbid wipes it and nothing opens offline', async () => {
    const v = await onlineVault();
    await v.app.replica.forbid();
    const app = v.restart();
    expect(await app.replica.load()).toBeNull();
    app.net.up = false;
    await expect(app.vault.unlock({ deviceId: DEVICE })).rejects.toMatchObject({ code: 'backend_unreachable' });
    await expect(app.vault.save({ title: 'x' })).rejects.toMatchObject({ code: 'vault_locked' });
  });
});

describe('queue coalescing', () => {
  const change = (id: string, deleted: boolean, baseRevision: number | null, envelope = `env-${id}-${String(deleted)}`) => ({ id, envelope, deleted, baseRevision });

  it('several edits of one record become one change that keeps the first base revision', () => {
    const q = enqueue(enqueue([], change('a', false, 4, 'first')), change('a', false, 4, 'second'));
    expect(q).toEqual([change('a', false, 4, 'second')]);
  });

  it('a record made and deleted offline leaves nothing to send', () => {
    expect(enqueue(enqueue([], change('n', false, null)), change('n', true, 0))).toEqual([]);
  });

  it('a record made offline and edited stays new (base null)', () => {
    expect(enqueue(enqueue([], change('n', false, null, 'v1')), change('n', false, 0, 'v2'))).toEqual([change('n', false, null, 'v2')]);
  });
});
