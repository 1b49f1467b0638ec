import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeBase32 } from '../../../main/otp/base32';
import { hotp, totpAt, totpStep } from '../../../main/otp/hotp';
import { advance, openServiceFixture, type ServiceFixture } from './service-fixture';

let f: ServiceFixture;
beforeEach(async () => {
  f = await openServiceFixture();
});
afterEach(async () => {
  await f.close();
});

const code = (secret: Buffer, now: Date, offsetSteps = 0) => hotp(secret, totpStep(now.getTime()) + offsetSteps);

async function enrol(userId = 'alice') {
  const enrolment = await f.service.beginTotpEnrolment(userId, `${userId}@acme.test`);
  const secret = decodeBase32(enrolment.secret);
  await f.service.confirmTotp(userId, totpAt(secret, f.clock.now.getTime()));
  // Well past the confirming code's step, so every code in the ±1 window is still unused.
  advance(f.clock, 90_000);
  return { enrolment, secret };
}

describe('TOTP enrolment', () => {
  it('makes a 160-bit secret, an otpauth URI naming Keyhaven and the account, and an SVG QR code', async () => {
    const enrolment = await f.service.beginTotpEnrolment('alice', 'alice@acme.test');
    expect(decodeBase32(enrolment.secret)).toHaveLength(20);
    const uri = new URL(enrolment.otpauthUri);
    expect(enrolment.otpauthUri.startsWith('otpauth://totp/Keyhaven:alice@acme.test?')).toBe(true);
    expect(uri.searchParams.get('secret')).toBe(enrolment.secret);
    expect(uri.searchParams.get('issuer')).toBe('Keyhaven');
    expect(uri.searchParams.get('algorithm')).toBe('SHA1');
    expect(uri.searchParams.get('digits')).toBe('6');
    expect(uri.searchParams.get('period')).toBe('30');
    expect(enrolment.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
  });

  it('counts as enrolled only after a correct code confirms it', async () => {
    const enrolment = await f.service.beginTotpEnrolment('alice', 'alice@acme.test');
    expect(await f.service.enrolledMethods('alice')).toEqual([]);
    await expect(f.service.confirmTotp('alice', '000000')).rejects.toMatchObject({ code: 'invalid_two_factor_code' });
    await f.service.confirmTotp('alice', totpAt(decodeBase32(enrolment.secret), f.clock.now.getTime()));
    expect(await f.service.enrolledMethods('alice')).toEqual(['totp']);
  });

  it('refuses confirmation after the enrolment expired', async () => {
    const enrolment = await f.service.beginTotpEnrolment('alice', 'alice@acme.test');
    advance(f.clock, 11 * 60_000);
    const late = totpAt(decodeBase32(enrolment.secret), f.clock.now.getTime());
    await expect(f.service.confirmTotp('alice', late)).rejects.toMatchObject({ code: 'challenge_expired' });
  });

  it('keeps the secret out of the database in plain text', async () => {
    const { enrolment, secret } = await enrol();
    const row = f.database.raw.prepare('select * from two_factor_totp where user_id = ?').get('alice') as Record<string, unknown>;
    const stored = JSON.stringify(row);
    expect(row.confirmed).toBe(1);
    expect(stored).not.toContain(enrolment.secret);
    for (const encoding of ['hex', 'base64', 'base64url'] as const) expect(stored).not.toContain(secret.toString(encoding));
    const pending = f.database.raw.prepare('select count(*) as n from two_factor_challenges').get() as { n: number };
    expect(pending.n).toBe(0);
  });

  it('does not let one user confirm with a code from another user’s pending secret', async () => {
    const alice = await f.service.beginTotpEnrolment('alice', 'alice@acme.test');
    await f.service.beginTotpEnrolment('bob', 'bob@acme.test');
    const aliceCode = totpAt(decodeBase32(alice.secret), f.clock.now.getTime());
    await expect(f.service.confirmTotp('bob', aliceCode)).rejects.toMatchObject({ code: 'invalid_two_factor_code' });
  });
});

describe('TOTP verification', () => {
  it('accepts the current code and the codes one step either side', async () => {
    const { secret } = await enrol();
    await f.service.verifyTotp('alice', code(secret, f.clock.now, -1));
    await f.service.verifyTotp('alice', code(secret, f.clock.now, 0));
    await f.service.verifyTotp('alice', code(secret, f.clock.now, 1));
  });

  it('refuses a code two steps away', async () => {
    const { secret } = await enrol();
    await expect(f.service.verifyTotp('alice', code(secret, f.clock.now, -2))).rejects.toMatchObject({ code: 'invalid_two_factor_code' });
    await expect(f.service.verifyTotp('alice', code(secret, f.clock.now, 2))).rejects.toMatchObject({ code: 'invalid_two_factor_code' });
  });

  it('refuses a wrong code', async () => {
    const { secret } = await enrol();
    const right = code(secret, f.clock.now);
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
    await expect(f.service.verifyTotp('alice', wrong)).rejects.toMatchObject({ code: 'invalid_two_factor_code', status: 401 });
  });

  it('never accepts the same code twice', async () => {
    const { secret } = await enrol();
    const now = code(secret, f.clock.now);
    await f.service.verifyTotp('alice', now);
    await expect(f.service.verifyTotp('alice', now)).rejects.toMatchObject({ code: 'invalid_two_factor_code' });
  });

  it('refuses an earlier step once a later one was used', async () => {
    const { secret } = await enrol();
    await f.service.verifyTotp('alice', code(secret, f.clock.now, 1));
    await expect(f.service.verifyTotp('alice', code(secret, f.clock.now, 0))).rejects.toMatchObject({ code: 'invalid_two_factor_code' });
  });

  it('refuses at sign-in the very code that confirmed the enrolment', async () => {
    const enrolment = await f.service.beginTotpEnrolment('alice', 'alice@acme.test');
    const confirming = totpAt(decodeBase32(enrolment.secret), f.clock.now.getTime());
    await f.service.confirmTotp('alice', confirming);
    await expect(f.service.verifyTotp('alice', confirming)).rejects.toMatchObject({ code: 'invalid_two_factor_code' });
  });

  it('accepts only one of two concurrent attempts with the same code', async () => {
    const { secret } = await enrol();
    const now = code(secret, f.clock.now);
    const results = await Promise.allSettled([f.service.verifyTotp('alice', now), f.service.verifyTotp('alice', now)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('keeps the old secret working until a new enrolment is confirmed', async () => {
    const { secret } = await enrol();
    await f.service.beginTotpEnrolment('alice', 'alice@acme.test');
    await f.service.verifyTotp('alice', code(secret, f.clock.now));
  });

  it('stops guessing after five wrong codes, even for the right one, until the window passes', async () => {
    const { secret } = await enrol();
    for (let i = 0; i < 5; i += 1) await expect(f.service.verifyTotp('alice', '000000')).rejects.toMatchObject({ code: 'invalid_two_factor_code' });
    await expect(f.service.verifyTotp('alice', code(secret, f.clock.now))).rejects.toMatchObject({ code: 'too_many_attempts', status: 429 });
    advance(f.clock, 16 * 60_000);
    await f.service.verifyTotp('alice', code(secret, f.clock.now));
  });
});
