import { describe, expect, it } from 'vitest';
import { AppError } from '../../../main/errors/app-error';
import type { Logger } from '../../../main/log/logger';
import { DEFAULT_POLICY } from '../../../main/policy/enforcement-policy';
import { createMemoryVaultApiForTests, type MemoryVaultApiForTests } from '../../support/memory-vault-api';
import type { Keychain } from '../../../main/vault/keychain/keychain';
import { keychainAccount } from '../../../main/vault/keychain/keychain';
import { createMemoryKeychainForTests } from '../../support/memory-keychain';
import { createVaultService, type VaultServiceDeps } from '../../../main/vault/vault-service';

const PREFIX = 'http://127.0.0.1:8443|user-1';
const DEVICE_ACCOUNT = keychainAccount(PREFIX, 'device-key');
const rules = DEFAULT_POLICY.masterPassword;
const STRONG = 'Correct-Horse-42-Battery';

function clock(start = Date.parse('2026-03-01T10:00:00Z')): () => Date {
  let t = start;
  return () => new Date((t += 1000));
}

function service(api: MemoryVaultApiForTests, keychain: Keychain, extra: Partial<VaultServiceDeps> = {}) {
  return createVaultService({ api, keychain, accountPrefix: PREFIX, now: clock(), ...extra });
}

async function errorOf(run: () => unknown): Promise<AppError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

async function newVault(masterPassword?: string) {
  const api = createMemoryVaultApiForTests({ deviceId: 'device-A' });
  const keychain = createMemoryKeychainForTests();
  const vault = service(api, keychain);
  await vault.create({ deviceId: 'device-A', rules, ...(masterPassword === undefined ? {} : { masterPassword }) });
  return { api, keychain, vault };
}

describe('creating a vault', () => {
  it('makes the keys on the device: the server gets only wrapped keys and the keychain the device key', async () => {
    const { api, keychain, vault } = await newVault();
    expect(vault.isUnlocked()).toBe(true);
    expect(api.state.exists).toBe(true);
    expect(api.state.deviceKeys.get('device-A')).toMatch(/^kh1\.a256gcm\./);
    expect(api.state.wrappedPrivateKey).toMatch(/^kh1\.a256gcm\./);
    expect(api.state.passwordWrappedDataKey).toBeNull();
    expect(JSON.parse(keychain.entries.get(DEVICE_ACCOUNT) ?? '{}')).toMatchObject({ v: 1, deviceId: 'device-A' });
  });

  it('stores only ciphertext: no title, username, password or note reaches the server', async () => {
    const { api, vault } = await newVault();
    await vault.save({ title: 'Payroll portal', username: 'alice@acme.test', password: 'S3cret-payroll!', notes: 'PIN 4711', urls: ['https://payroll.acme.test'] });
    const stored = JSON.stringify([...api.state.records.values(), ...api.state.putLog]);
    for (const clear of ['Payroll', 'alice@acme.test', 'S3cret-payroll!', '4711', 'payroll.acme.test']) expect(stored).not.toContain(clear);
  });

  it('adds a PBKDF2-wrapped copy of the data key when a master password is given', async () => {
    const { api } = await newVault(STRONG);
    expect(api.state.passwordWrappedDataKey).toMatch(/^kh1\.pbkdf2-sha256-a256gcm\.600000\./);
  });

  it('refuses a weak master password naming the unmet rules, and creates nothing', async () => {
    const api = createMemoryVaultApiForTests({ deviceId: 'device-A' });
    const keychain = createMemoryKeychainForTests();
    const error = await errorOf(() => service(api, keychain).create({ deviceId: 'device-A', masterPassword: 'short', rules }));
    expect(error.code).toBe('weak_master_password');
    expect(error.publicMessage).toContain('Use at least 12 characters');
    expect(error.publicMessage).toContain('Use at least 1 digit');
    expect(api.state.exists).toBe(false);
    expect(keychain.entries.size).toBe(0);
  });

  it('refuses to go without a master password when the policy requires one', async () => {
    const api = createMemoryVaultApiForTests({ deviceId: 'device-A' });
    const error = await errorOf(() => service(api, createMemoryKeychainForTests()).create({ deviceId: 'device-A', rules, requireMasterPassword: true }));
    expect(error.code).toBe('weak_master_password');
  });

  it('refuses a second vault and leaves the existing device key in the keychain alone', async () => {
    const { api, keychain } = await newVault();
    const before = keychain.entries.get(DEVICE_ACCOUNT);
    const error = await errorOf(() => service(api, keychain).create({ deviceId: 'device-A', rules }));
    expect(error.code).toBe('vault_exists');
    expect(keychain.entries.get(DEVICE_ACCOUNT)).toBe(before);
  });

  it('creates nothing on the server when the OS keychain is unavailable', async () => {
    const api = createMemoryVaultApiForTests({ deviceId: 'device-A' });
    const broken: Keychain = {
      get: async () => null,
      set: async () => {
        throw new AppError('keychain_unavailable', 'No Secret Service is running');
      },
      delete: async () => false,
    };
    const error = await errorOf(() => service(api, broken).create({ deviceId: 'device-A', rules }));
    expect(error.code).toBe('keychain_unavailable');
    expect(api.state.exists).toBe(false);
  });
});

describe('unlocking', () => {
  it('unlocks from the keychain device key without a password and decrypts every record', async () => {
    const { api, keychain, vault } = await newVault();
    await vault.save({ title: 'GitHub', username: 'alice', password: 'pw1' });
    await vault.save({ type: 'note', title: 'Door code', notes: '1234' });
    const later = service(api, keychain);
    expect(later.isUnlocked()).toBe(false);
    const result = await later.unlock({ deviceId: 'device-A' });
    expect(result).toEqual({ recordCount: 2, damaged: [] });
    expect(later.list().map((r) => r.title)).toEqual(['Door code', 'GitHub']);
  });

  it('lock forgets the keys and the records', async () => {
    const { vault } = await newVault();
    await vault.save({ title: 'GitHub' });
    vault.lock();
    expect(vault.isUnlocked()).toBe(false);
    expect((await errorOf(() => vault.list())).code).toBe('vault_locked');
    expect((await errorOf(() => vault.save({ title: 'x' }))).code).toBe('vault_locked');
  });

  it('asks for the password (device_not_enrolled) on a device whose keychain holds no key', async () => {
    const { api } = await newVault(STRONG);
    const error = await errorOf(() => service(api.asDevice('device-B'), createMemoryKeychainForTests()).unlock({ deviceId: 'device-B' }));
    expect(error.code).toBe('device_not_enrolled');
  });

  it('unlocks a new device with the master password, enrols it, and then unlocks it without one', async () => {
    const { api, vault } = await newVault(STRONG);
    await vault.save({ title: 'GitHub', password: 'pw1' });
    const apiB = api.asDevice('device-B');
    const keychainB = createMemoryKeychainForTests();
    const result = await service(apiB, keychainB).unlockWithPassword(STRONG);
    expect(result).toMatchObject({ recordCount: 1, deviceEnrolled: true, enrollmentProblem: null });
    expect(api.state.deviceKeys.get('device-B')).toMatch(/^kh1\./);
    const again = service(apiB, keychainB);
    await again.unlock({ deviceId: 'device-B' });
    expect(again.list()[0]?.password).toBe('pw1');
  });

  it('still unlocks with the password when the keychain is unavailable, saying the device is not enrolled', async () => {
    const { api } = await newVault(STRONG);
    const broken: Keychain = {
      get: async () => null,
      set: async () => {
        throw new AppError('keychain_unavailable', 'No Secret Service is running');
      },
      delete: async () => false,
    };
    const result = await service(api.asDevice('device-B'), broken).unlockWithPassword(STRONG);
    expect(result.deviceEnrolled).toBe(false);
    expect(result.enrollmentProblem?.error).toBe('keychain_unavailable');
  });

  it('does not re-enrol a device whose keychain key already opens its vault key', async () => {
    const { api, keychain } = await newVault(STRONG);
    const before = api.state.deviceKeys.get('device-A');
    await service(api, keychain).unlockWithPassword(STRONG);
    expect(api.state.deviceKeys.get('device-A')).toBe(before);
  });

  it('says wrong_master_password for a wrong password', async () => {
    const { api } = await newVault(STRONG);
    const error = await errorOf(() => service(api.asDevice('device-B'), createMemoryKeychainForTests()).unlockWithPassword('Correct-Horse-43-Battery'));
    expect(error.code).toBe('wrong_master_password');
  });

  it('says vault_not_found when there is no vault yet', async () => {
    const api = createMemoryVaultApiForTests({ deviceId: 'device-A' });
    const keychain = createMemoryKeychainForTests([[DEVICE_ACCOUNT, JSON.stringify({ v: 1, deviceId: 'device-A', key: Buffer.alloc(32).toString('base64url') })]]);
    expect((await errorOf(() => service(api, keychain).unlock({ deviceId: 'device-A' }))).code).toBe('vault_not_found');
  });
});

describe('records', () => {
  it('adds with a new id and timestamps, edits keeping createdAt', async () => {
    const { vault } = await newVault();
    const added = await vault.save({ title: 'GitHub', username: 'alice', urls: ['https://github.com'] });
    expect(added.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(added.createdAt).toBe(added.updatedAt);
    const edited = await vault.save({ ...added, title: 'GitHub (work)' });
    expect(edited.createdAt).toBe(added.createdAt);
    expect(edited.updatedAt > added.updatedAt).toBe(true);
    expect(vault.get(added.id)?.title).toBe('GitHub (work)');
    expect(vault.list()).toHaveLength(1);
  });

  it('gives a record a new record key on every save', async () => {
    const { api, vault } = await newVault();
    const r = await vault.save({ title: 'A' });
    const first = api.state.records.get(r.id)?.envelope;
    await vault.save({ ...r, title: 'B' });
    const second = api.state.records.get(r.id)?.envelope;
    expect(first?.split('~')[0]).not.toBe(second?.split('~')[0]);
  });

  it('refuses a record that does not match the model', async () => {
    const { vault } = await newVault();
    await expect(vault.save({ title: 'x', type: 'bank' as never })).rejects.toThrow();
    await expect(vault.save({ title: 'x', fields: [{ name: 'n', value: 'v' } as never] })).rejects.toThrow();
  });

  it('removes and restores (undo) a record, on the server too', async () => {
    const { api, keychain, vault } = await newVault();
    const r = await vault.save({ title: 'Old router', password: 'admin' });
    await vault.remove(r.id);
    expect(vault.get(r.id)).toBeNull();
    expect(vault.list()).toEqual([]);
    expect(vault.listDeleted().map((d) => d.id)).toEqual([r.id]);
    expect(api.state.records.get(r.id)?.deleted).toBe(true);
    const restored = await vault.restore(r.id);
    expect(restored.password).toBe('admin');
    const other = service(api, keychain);
    await other.unlock({ deviceId: 'device-A' });
    expect(other.get(r.id)?.title).toBe('Old router');
  });

  it('finds records by title, username, URL and notes', async () => {
    const { vault } = await newVault();
    await vault.save({ title: 'Café Wi-Fi', notes: 'guest network' });
    await vault.save({ title: 'Bank', username: 'alice.martin', urls: ['https://bank.example'] });
    expect(vault.search('cafe').map((r) => r.title)).toEqual(['Café Wi-Fi']);
    expect(vault.search('mart').map((r) => r.title)).toEqual(['Bank']);
    expect(vault.search('bank.exa').map((r) => r.title)).toEqual(['Bank']);
    expect(vault.search('guest').map((r) => r.title)).toEqual(['Café Wi-Fi']);
  });

  it('imports in batches, one atomic PUT per batch, reporting progress', async () => {
    const { api, vault } = await newVault();
    const progress: number[] = [];
    const saved = await vault.saveMany(
      Array.from({ length: 650 }, (_, i) => ({ title: `Imported ${i}`, password: `pw-${i}` })),
      { batchSize: 300, onProgress: (done) => progress.push(done) },
    );
    expect(saved).toHaveLength(650);
    expect(api.state.putLog.map((batch) => batch.length)).toEqual([300, 300, 50]);
    expect(progress).toEqual([300, 600, 650]);
    expect(vault.list()).toHaveLength(650);
  });
});

describe('concurrent edits from two clients (stale_revision merge)', () => {
  it('keeps the other side’s edits to records this client did not change, and last writer wins on a record both changed', async () => {
    const { api, keychain, vault: a } = await newVault();
    const r1 = await a.save({ title: 'r1' });
    const r2 = await a.save({ title: 'r2' });
    const warnings: unknown[] = [];
    const logger = { warn: (obj: unknown) => warnings.push(obj) } as unknown as Logger;
    const b = service(api, keychain, { logger });
    await b.unlock({ deviceId: 'device-A' });

    await a.save({ ...r1, title: 'r1 by A' });
    await a.save({ ...r2, title: 'r2 by A' });
    await b.save({ ...r1, title: 'r1 by B' }); // stale: A changed r1 after B unlocked

    expect(b.get(r1.id)?.title).toBe('r1 by B');
    expect(b.get(r2.id)?.title).toBe('r2 by A');
    expect(warnings).toEqual([{ ids: [r1.id] }]);
    await a.sync();
    expect(a.get(r1.id)?.title).toBe('r1 by B');
    const fresh = service(api, keychain);
    await fresh.unlock({ deviceId: 'device-A' });
    expect(fresh.list().map((r) => r.title)).toEqual(['r1 by B', 'r2 by A']);
  });

  it('pulls a delete and an add made on another client', async () => {
    const { api, keychain, vault: a } = await newVault();
    const r1 = await a.save({ title: 'r1' });
    const b = service(api, keychain);
    await b.unlock({ deviceId: 'device-A' });
    await a.remove(r1.id);
    await a.save({ title: 'new on A' });
    await b.save({ title: 'new on B' });
    await b.sync();
    expect(b.list().map((r) => r.title)).toEqual(['new on A', 'new on B']);
  });
});

describe('integrity of what the server returns', () => {
  it('quarantines a tampered record, naming it, while the others open', async () => {
    const { api, keychain, vault } = await newVault();
    const good = await vault.save({ title: 'good' });
    const bad = await vault.save({ title: 'bad' });
    const row = api.state.records.get(bad.id)!;
    const envelope = row.envelope!;
    const i = envelope.length - 30;
    api.state.records.set(bad.id, { ...row, envelope: envelope.slice(0, i) + (envelope[i] === 'A' ? 'B' : 'A') + envelope.slice(i + 1) });

    const other = service(api, keychain);
    const result = await other.unlock({ deviceId: 'device-A' });
    expect(result.recordCount).toBe(1);
    expect(result.damaged.map((d) => d.id)).toEqual([bad.id]);
    expect(result.damaged[0]?.message).toContain(bad.id);
    expect(other.get(good.id)?.title).toBe('good');
    const error = await errorOf(() => other.get(bad.id));
    expect(error.code).toBe('tampered');
    expect(error.publicMessage).toContain(bad.id);
  });

  it('detects an envelope moved from one record to another', async () => {
    const { api, keychain, vault } = await newVault();
    const r1 = await vault.save({ title: 'one' });
    const r2 = await vault.save({ title: 'two' });
    api.state.records.set(r1.id, { ...api.state.records.get(r1.id)!, envelope: api.state.records.get(r2.id)!.envelope });
    const other = service(api, keychain);
    const result = await other.unlock({ deviceId: 'device-A' });
    expect(result.damaged.map((d) => d.id)).toEqual([r1.id]);
    expect((await errorOf(() => other.get(r1.id))).code).toBe('tampered');
  });

  it('refuses to unlock when the device-wrapped data key or the wrapped private key was altered', async () => {
    const { api, keychain } = await newVault();
    const flip = (s: string): string => s.slice(0, -3) + (s.at(-3) === 'A' ? 'B' : 'A') + s.slice(-2);
    const original = api.state.deviceKeys.get('device-A')!;
    api.state.deviceKeys.set('device-A', flip(original));
    const e1 = await errorOf(() => service(api, keychain).unlock({ deviceId: 'device-A' }));
    expect([e1.code, e1.publicMessage]).toEqual(['tampered', expect.stringContaining('device-A')]);

    api.state.deviceKeys.set('device-A', original);
    api.state.wrappedPrivateKey = flip(api.state.wrappedPrivateKey!);
    const e2 = await errorOf(() => service(api, keychain).unlock({ deviceId: 'device-A' }));
    expect([e2.code, e2.publicMessage]).toEqual(['tampered', expect.stringContaining('private key')]);
  });
});
