import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../main/errors/app-error';
import { keychainAccount } from '../../../../main/vault/keychain/keychain';
import { nodeAtomicFileSystem, type AtomicFileSystem } from '../../../../main/vault/offline/atomic-file';
import type { OfflineState } from '../../../../main/vault/offline/offline-state';
import { createOfflineStore, offlineFile } from '../../../../main/vault/offline/offline-store';
import { createMemoryKeychainForTests } from '../../../support/memory-keychain';
import { stateForCrashTest } from '../../../support/offline-states';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const PREFIX = 'http://127.0.0.1:8443|user-1';
const KEY_ACCOUNT = keychainAccount(PREFIX, 'offline-key');

function setup(fs?: AtomicFileSystem) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'keyhaven-offline-store-'));
  const keychain = createMemoryKeychainForTests();
  const problems: AppError[] = [];
  const store = createOfflineStore({ dataDir, keychain, accountPrefix: PREFIX, ...(fs ? { fs } : {}), onProblem: (e) => problems.push(e) });
  return { dataDir, keychain, store, problems, file: offlineFile(dataDir, PREFIX) };
}

const stateWith = (title: string): OfflineState => ({
  ...stateForCrashTest(1, 2),
  account: { user: { email: 'alice@acme.test' }, note: title },
});

describe('offline store', () => {
  it('keeps the state sealed: the file holds no clear text, its name no account, and only the keychain holds the key', async () => {
    const { store, keychain, file } = setup();
    await store.save(stateWith('Payroll portal'));
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^kh1\.a256gcm\./);
    for (const clear of ['Payroll', 'alice@acme.test', 'device-A', '127.0.0.1', 'user-1']) expect(text + path.basename(file)).not.toContain(clear);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(keychain.entries.get(KEY_ACCOUNT)).toBeTruthy();
    expect(await store.load()).toEqual(stateWith('Payroll portal'));
  });

  it('a write that stops half-way leaves the previous copy usable and no temporary file', async () => {
    let failNext = false;
    const crashing: AtomicFileSystem = {
      ...nodeAtomicFileSystem,
      async writeDurably(file, data) {
        if (!failNext) return nodeAtomicFileSystem.writeDurably(file, data);
        writeFileSync(file, data.slice(0, Math.floor(data.length / 2)));
        throw new Error('disk full');
      },
    };
    const { store, file } = setup(crashing);
    await store.save(stateWith('first'));
    failNext = true;
    await expect(store.save(stateWith('second'))).rejects.toThrow('disk full');
    expect(await store.load()).toEqual(stateWith('first'));
    expect(readdirSync(path.dirname(file))).toEqual([path.basename(file)]);
  });

  it('a crash between writing and renaming leaves the previous copy', async () => {
    const { store } = setup({
      ...nodeAtomicFileSystem,
      rename: async () => {
        throw new Error('power lost');
      },
    });
    await expect(store.save(stateWith('never'))).rejects.toThrow('power lost');
    expect(await store.load()).toBeNull();
  });

  it('a process killed while saving leaves one complete state, never a mix', async () => {
    const { dataDir, keychain, file } = setup();
    const key = randomBytes(32).toString('base64');
    keychain.entries.set(KEY_ACCOUNT, key);
    const writer = spawn(path.join(root, 'node_modules/.bin/tsx'), [path.join(root, 'test/support/offline-store-writer.ts'), dataDir, PREFIX, key, '3000'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let saved = 0;
    await new Promise<void>((resolve, reject) => {
      writer.on('error', reject);
      writer.stdout.on('data', (chunk: Buffer) => {
        saved = Math.max(saved, ...String(chunk).trim().split('\n').map(Number));
        // Several complete saves first, then the kill lands during one of the following writes.
        if (saved >= 5 && writer.exitCode === null) {
          writer.kill('SIGKILL');
          resolve();
        }
      });
    });
    await new Promise((resolve) => writer.once('exit', resolve));
    const store = createOfflineStore({ dataDir, keychain, accountPrefix: PREFIX });
    const loaded = await store.load();
    expect(loaded).not.toBeNull();
    const generation = (loaded!.account as { generation: number }).generation;
    expect(generation).toBeGreaterThanOrEqual(5);
    expect(loaded).toEqual(stateForCrashTest(generation, 3000));
    expect(readFileSync(file, 'utf8').length).toBeGreaterThan(0);
  }, 60_000);

  it('wipe removes the file, temporary leftovers and the key', async () => {
    const { store, keychain, file } = setup();
    await store.save(stateWith('x'));
    writeFileSync(`${file}.abc123.tmp`, 'half a state');
    await store.wipe();
    expect(readdirSync(path.dirname(file))).toEqual([]);
    expect(keychain.entries.has(KEY_ACCOUNT)).toBe(false);
    expect(await store.load()).toBeNull();
  });

  it('a copy whose key left the keychain, or whose bytes were changed, opens nothing and is wiped', async () => {
    const first = setup();
    await first.store.save(stateWith('x'));
    first.keychain.entries.delete(KEY_ACCOUNT);
    expect(await first.store.load()).toBeNull();
    expect(first.problems.map((p) => p.code)).toEqual(['tampered']);
    expect(readdirSync(path.dirname(first.file))).toEqual([]);

    const second = setup();
    await second.store.save(stateWith('x'));
    const text = readFileSync(second.file, 'utf8');
    const flipped = text.slice(0, 40) + (text[40] === 'A' ? 'B' : 'A') + text.slice(41);
    writeFileSync(second.file, flipped);
    expect(await second.store.load()).toBeNull();
    expect(second.problems.map((p) => p.code)).toEqual(['tampered']);
    expect(readdirSync(path.dirname(second.file))).toEqual([]);
  });
});
