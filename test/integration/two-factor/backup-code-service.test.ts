import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { advance, openServiceFixture, type ServiceFixture } from './service-fixture';

let f: ServiceFixture;
beforeEach(async () => {
  f = await openServiceFixture();
});
afterEach(async () => {
  await f.close();
});

describe('backup codes', () => {
  it('works once per code', async () => {
    const [first] = await f.service.generateBackupCodes('alice');
    await f.service.verifyBackupCode('alice', first!);
    await expect(f.service.verifyBackupCode('alice', first!)).rejects.toMatchObject({ code: 'invalid_two_factor_code' });
  });

  it('accepts a code typed in upper case without the dash', async () => {
    const [first] = await f.service.generateBackupCodes('alice');
    await f.service.verifyBackupCode('alice', first!.replace('-', ' ').toUpperCase());
  });

  it('is accepted exactly once when used concurrently', async () => {
    const [first] = await f.service.generateBackupCodes('alice');
    const results = await Promise.allSettled([1, 2, 3].map(() => f.service.verifyBackupCode('alice', first!)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('invalidates every earlier code when new ones are made', async () => {
    const old = await f.service.generateBackupCodes('alice');
    const fresh = await f.service.generateBackupCodes('alice');
    await expect(f.service.verifyBackupCode('alice', old[1]!)).rejects.toMatchObject({ code: 'invalid_two_factor_code' });
    await f.service.verifyBackupCode('alice', fresh[1]!);
  });

  it('does not accept one user’s code for another user', async () => {
    const [aliceCode] = await f.service.generateBackupCodes('alice');
    await f.service.generateBackupCodes('bob');
    await expect(f.service.verifyBackupCode('bob', aliceCode!)).rejects.toMatchObject({ code: 'invalid_two_factor_code' });
  });

  it('stores only keyed hashes and counts as enrolled while a code is left', async () => {
    const codes = await f.service.generateBackupCodes('alice');
    const rows = f.database.raw.prepare('select code_hash from two_factor_backup_codes where user_id = ?').all('alice') as { code_hash: string }[];
    expect(rows).toHaveLength(10);
    const stored = JSON.stringify(rows);
    for (const c of codes) {
      expect(stored).not.toContain(c);
      expect(stored).not.toContain(c.replace('-', ''));
    }
    expect(await f.service.enrolledMethods('alice')).toEqual(['backup_codes']);
    for (const c of codes) await f.service.verifyBackupCode('alice', c);
    expect(await f.service.enrolledMethods('alice')).toEqual([]);
  });
});

describe('remembered devices', () => {
  it('issues a secret, stores only its hash, and matches it for that user and device until the days run out', async () => {
    const secret = await f.service.rememberDevice('alice', 'laptop', 30);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = f.database.raw.prepare('select * from two_factor_remembered_devices').all() as { secret_hash: string }[];
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(await f.service.rememberedDeviceMatches('alice', 'laptop', secret ?? '')).toBe(true);
    expect(await f.service.rememberedDeviceMatches('alice', 'laptop', 'A'.repeat(43))).toBe(false);
    expect(await f.service.rememberedDeviceMatches('alice', 'desktop', secret ?? '')).toBe(false);
    expect(await f.service.rememberedDeviceMatches('bob', 'laptop', secret ?? '')).toBe(false);
    advance(f.clock, 31 * 86_400_000);
    expect(await f.service.rememberedDeviceMatches('alice', 'laptop', secret ?? '')).toBe(false);
  });

  it('a new secret replaces the old one', async () => {
    const first = await f.service.rememberDevice('alice', 'laptop', 30);
    const second = await f.service.rememberDevice('alice', 'laptop', 30);
    expect(await f.service.rememberedDeviceMatches('alice', 'laptop', first ?? '')).toBe(false);
    expect(await f.service.rememberedDeviceMatches('alice', 'laptop', second ?? '')).toBe(true);
  });

  it('remembers nothing when the policy gives zero days', async () => {
    expect(await f.service.rememberDevice('alice', 'laptop', 0)).toBeNull();
    expect(f.database.raw.prepare('select count(*) as n from two_factor_remembered_devices').get()).toEqual({ n: 0 });
  });
});
