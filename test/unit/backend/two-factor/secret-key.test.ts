import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  keychainSecretKey,
  loadOrCreateSecretKeyFile,
  requireSecretKey,
  SECRET_KEY_ENV,
  SECRET_KEY_FILE_ENV,
  secretKeyFromEnvironment,
} from '../../../../main/backend/two-factor/secret-key';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'keyhaven-secret-key-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the backend secret key', () => {
  it('comes from KEYHAVEN_SECRET_KEY or the file KEYHAVEN_SECRET_KEY_FILE names', async () => {
    const key = randomBytes(32);
    expect(await requireSecretKey({ [SECRET_KEY_ENV]: key.toString('base64') })).toEqual(key);
    const file = path.join(dir, 'key');
    writeFileSync(file, `${key.toString('base64')}\n`);
    expect(await requireSecretKey({ [SECRET_KEY_FILE_ENV]: file })).toEqual(key);
  });

  it('is required, and the refusal names the variable', async () => {
    await expect(requireSecretKey({ KEYHAVEN_ADMIN_TOKEN: 'x'.repeat(40) })).rejects.toThrow(/^KEYHAVEN_SECRET_KEY is not set\./);
    await expect(requireSecretKey({ [SECRET_KEY_ENV]: Buffer.alloc(31).toString('base64') })).rejects.toThrow(/KEYHAVEN_SECRET_KEY must hold at least 32 random bytes/);
    await expect(requireSecretKey({ [SECRET_KEY_ENV]: 'not base64 at all!' })).rejects.toThrow(/KEYHAVEN_SECRET_KEY must hold/);
    await expect(requireSecretKey({ [SECRET_KEY_FILE_ENV]: path.join(dir, 'missing') })).rejects.toThrow(/KEYHAVEN_SECRET_KEY_FILE: cannot read .* \(ENOENT\)/);
    const both = { [SECRET_KEY_ENV]: randomBytes(32).toString('base64'), [SECRET_KEY_FILE_ENV]: path.join(dir, 'k') };
    await expect(secretKeyFromEnvironment(both)).rejects.toThrow(/not both/);
    expect(await secretKeyFromEnvironment({})).toBeUndefined();
  });

  it('in demo mode is made once, kept in a 0600 file, and the same at every start', async () => {
    const file = path.join(dir, 'demo-backend.key');
    const first = await loadOrCreateSecretKeyFile(file);
    expect(first).toHaveLength(32);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await loadOrCreateSecretKeyFile(file)).toEqual(first);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.toString('base64'));
  });

  it('for an embedded backend is made once and kept in the keychain', async () => {
    const entries = new Map<string, string>();
    const keychain = { get: async (a: string) => entries.get(a) ?? null, set: async (a: string, v: string) => void entries.set(a, v) };
    const first = await keychainSecretKey(keychain, 'embedded|key');
    expect(first).toHaveLength(32);
    expect(await keychainSecretKey(keychain, 'embedded|key')).toEqual(first);
    expect([...entries.keys()]).toEqual(['embedded|key']);
  });
});
