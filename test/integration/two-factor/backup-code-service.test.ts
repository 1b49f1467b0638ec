import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openServiceFixture, type ServiceFixture } from './service-fixture';

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
  it('remembers a device for the given number of days', async () => {
    await f.service.rememberDevice('alice', 'laptop', 30);
    const now = f.clock.now.getTime();
    expect(await f.service.isRemembered('alice', 'laptop', new Date(now + 29 * 86_400_000))).toBe(true);
    expect(await f.service.isRemembered('alice', 'laptop', new Date(now + 31 * 86_400_000))).toBe(false);
    expect(await f.service.isRemembered('alice', 'desktop')).toBe(false);
    expect(await f.service.isRemembered('bob', 'laptop')).toBe(false);
  });

  it('remembers nothing when the policy gives zero days', async () => {
    await f.service.rememberDevice('alice', 'laptop', 0);
    expect(await f.service.isRemembered('alice', 'laptop')).toBe(false);
  });
});
