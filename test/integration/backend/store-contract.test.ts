import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../main/backend/store/open-store';
import type { Store, VaultKeysRow } from '../../../main/backend/store/store';
import { postgresTarget, sqliteTarget } from '../../support/store-targets';

const keys = (deviceId: string): VaultKeysRow => ({
  deviceId,
  wrappedDataKey: 'wdk',
  passwordWrappedDataKey: null,
  publicKey: 'pub',
  wrappedPrivateKey: 'wpk',
});

describe.each([sqliteTarget(), postgresTarget()])('Store contract on $name', (target) => {
  const opened: Store[] = [];
  const fresh = async () => {
    const s = await openStore(await target.fresh());
    opened.push(s);
    return s;
  };
  const t0 = new Date('2030-01-01T00:00:00.000Z');
  const addUser = (s: Store, email: string) =>
    s.users.insertIfAbsent({ id: `u-${email}`, email, node: 'Eng', role: 'Engineer', connectionId: 'okta', now: t0 }).then((r) => r.user);

  beforeAll(() => target.setup());
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });
  afterAll(() => target.teardown());

  it('reports its dialect and migrates an existing database again without error', async () => {
    const db = await target.fresh();
    const a = await openStore(db);
    expect(a.dialect).toBe(target.name);
    await addUser(a, 'x@acme.test');
    await a.close();
    const b = await openStore(db);
    opened.push(b);
    expect((await b.users.findByEmail('x@acme.test'))?.id).toBe('u-x@acme.test');
  });

  it('stores emails lower-cased and keeps the first user when the email exists', async () => {
    const s = await fresh();
    const first = await s.users.insertIfAbsent({ id: 'a', email: 'Alice@Acme.TEST', node: 'Eng', role: 'Engineer', connectionId: null, now: t0 });
    const second = await s.users.insertIfAbsent({ id: 'b', email: 'alice@acme.test', node: 'Other', role: 'X', connectionId: null, now: t0 });
    expect(first).toMatchObject({ created: true, user: { id: 'a', email: 'alice@acme.test', status: 'active' } });
    expect(second).toMatchObject({ created: false, user: { id: 'a', node: 'Eng' } });
  });

  it('creates exactly one user when 50 inserts of one email race', async () => {
    const s = await fresh();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        s.transaction((r) => r.users.insertIfAbsent({ id: `id-${i}`, email: 'race@acme.test', node: 'Eng', role: 'Engineer', connectionId: null, now: t0 })),
      ),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.user.id)).size).toBe(1);
    expect((await s.users.list({ offset: 0, limit: 100 })).total).toBe(1);
  });

  it('lists users with a total, an offset and an email filter', async () => {
    const s = await fresh();
    for (const e of ['a@x.test', 'b@x.test', 'c@x.test']) await addUser(s, e);
    const page = await s.users.list({ offset: 1, limit: 1 });
    expect(page.total).toBe(3);
    expect(page.users).toHaveLength(1);
    expect((await s.users.list({ email: 'B@X.test', offset: 0, limit: 10 })).users.map((u) => u.email)).toEqual(['b@x.test']);
  });

  it('rolls back everything written in a failed transaction', async () => {
    const s = await fresh();
    await expect(
      s.transaction(async (r) => {
        await r.users.insertIfAbsent({ id: 'gone', email: 'gone@acme.test', node: 'Eng', role: 'E', connectionId: null, now: t0 });
        await r.audit.append({ type: 'user.provisioned', at: t0, userId: 'gone' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await s.users.findByEmail('gone@acme.test')).toBeUndefined();
    expect(await s.audit.listNewestFirst({ limit: 10 })).toEqual([]);
  });

  it('consumes a login transaction once, even when consumers race', async () => {
    const s = await fresh();
    await s.loginTransactions.create({
      id: 'tx1', connectionId: 'okta', kind: 'saml', email: null, state: null, nonce: null, pkceVerifier: null,
      samlRequestId: '_r1', redirectUri: 'http://127.0.0.1:1/cb', device: { id: 'device-1', name: 'Laptop', platform: 'linux' },
      createdAt: t0, expiresAt: new Date(t0.getTime() + 600_000),
    });
    const results = await Promise.all(Array.from({ length: 10 }, () => s.loginTransactions.consume('tx1', t0)));
    const winners = results.filter((r) => r !== undefined);
    expect(winners).toHaveLength(1);
    expect(winners[0]).toMatchObject({ samlRequestId: '_r1', device: { name: 'Laptop' } });
    expect((await s.loginTransactions.find('tx1'))?.consumedAt).toEqual(t0);
  });

  it('remembers a SAML assertion id once and forgets it after expiry', async () => {
    const s = await fresh();
    const until = new Date(t0.getTime() + 1000);
    expect(await s.samlReplay.remember('okta:_a1', 'okta', until)).toBe(true);
    expect(await s.samlReplay.remember('okta:_a1', 'okta', until)).toBe(false);
    expect(await s.samlReplay.deleteExpired(new Date(t0.getTime() + 2000))).toBe(1);
    expect(await s.samlReplay.remember('okta:_a1', 'okta', until)).toBe(true);
  });

  it('finds a session only before it expires and removes all of a user\'s sessions', async () => {
    const s = await fresh();
    const u = await addUser(s, 's@acme.test');
    await s.sessions.create({ tokenHash: 'h1', userId: u.id, deviceId: null, now: t0, expiresAt: new Date(t0.getTime() + 1000) });
    expect(await s.sessions.findValid('h1', t0)).toMatchObject({ userId: u.id });
    expect(await s.sessions.findValid('h1', new Date(t0.getTime() + 1000))).toBeUndefined();
    await s.sessions.markSecondFactorVerified('h1', t0);
    expect((await s.sessions.findValid('h1', t0))?.secondFactorVerifiedAt).toEqual(t0);
    await s.sessions.deleteForUser(u.id);
    expect(await s.sessions.findValid('h1', t0)).toBeUndefined();
  });

  it('refuses to hand one user\'s device id to another user', async () => {
    const s = await fresh();
    const a = await addUser(s, 'a@acme.test');
    const b = await addUser(s, 'b@acme.test');
    expect(await s.devices.upsert({ id: 'dev-1', name: 'A', platform: 'linux', userId: a.id, now: t0 })).toMatchObject({ userId: a.id });
    expect(await s.devices.upsert({ id: 'dev-1', name: 'B', platform: 'linux', userId: b.id, now: t0 })).toBeUndefined();
  });

  it('lists audit events newest first', async () => {
    const s = await fresh();
    for (const type of ['one', 'two', 'three']) await s.audit.append({ type, at: t0, details: { n: type } });
    const events = await s.audit.listNewestFirst({ limit: 2 });
    expect(events.map((e) => e.type)).toEqual(['three', 'two']);
    expect(events[0]?.details).toEqual({ n: 'three' });
  });

  it('appends several audit events at once in their order, inside a transaction too', async () => {
    const s = await fresh();
    await s.audit.append({ type: 'before', at: t0 });
    await s.transaction((r) => r.audit.appendAll([{ type: 'a', at: t0, details: { n: 1 } }, { type: 'b', at: t0 }, { type: 'c', at: t0, userId: null }]));
    await s.audit.appendAll([]);
    const events = await s.audit.listNewestFirst({ limit: 10 });
    expect(events.map((e) => e.type)).toEqual(['c', 'b', 'a', 'before']);
    expect(events[2]?.details).toEqual({ n: 1 });
    await expect(s.transaction(async (r) => {
      await r.audit.appendAll([{ type: 'rolled-back', at: t0 }]);
      throw new Error('abort');
    })).rejects.toThrow('abort');
    expect((await s.audit.listNewestFirst({ limit: 10 })).map((e) => e.type)).not.toContain('rolled-back');
  });

  it('keeps one status per onboarding step', async () => {
    const s = await fresh();
    const u = await addUser(s, 'o@acme.test');
    await s.onboarding.set(u.id, 'import', 'skipped', t0);
    await s.onboarding.set(u.id, 'import', 'done', new Date(t0.getTime() + 1));
    expect((await s.onboarding.list(u.id)).map((o) => [o.step, o.status])).toEqual([['import', 'done']]);
  });

  it('creates a vault once and adds device keys', async () => {
    const s = await fresh();
    const u = await addUser(s, 'v@acme.test');
    expect(await s.vault.create(u.id, keys('dev-a'), t0)).toBe(true);
    expect(await s.vault.create(u.id, keys('dev-b'), t0)).toBe(false);
    expect(await s.vault.putKeys(u.id, { ...keys('dev-b'), passwordWrappedDataKey: '{"kdf":"pbkdf2"}' }, t0)).toBe(true);
    expect((await s.vault.listKeys(u.id)).map((k) => k.deviceId).sort()).toEqual(['dev-a', 'dev-b']);
    expect(await s.vault.keysFor(u.id, 'dev-b')).toMatchObject({ passwordWrappedDataKey: '{"kdf":"pbkdf2"}' });
  });

  it('applies record changes atomically and refuses stale ones with the current records', async () => {
    const s = await fresh();
    const u = await addUser(s, 'r@acme.test');
    expect(await s.vault.applyChanges(u.id, [{ id: 'r1', envelope: 'e1', baseRevision: null }], t0)).toEqual({ kind: 'no_vault' });
    await s.vault.create(u.id, keys('dev-a'), t0);
    const first = await s.vault.applyChanges(u.id, [{ id: 'r1', envelope: 'e1', baseRevision: null }, { id: 'r2', envelope: 'e2', baseRevision: null }], t0);
    expect(first).toEqual({ kind: 'applied', vaultRevision: 1, records: [{ id: 'r1', revision: 1 }, { id: 'r2', revision: 1 }] });
    const stale = await s.vault.applyChanges(u.id, [{ id: 'r2', envelope: 'x', baseRevision: 1 }, { id: 'r1', envelope: 'e1b', baseRevision: 0 }], t0);
    expect(stale).toEqual({ kind: 'stale', current: [{ id: 'r1', revision: 1, envelope: 'e1', deleted: false }] });
    expect((await s.vault.get(u.id))?.revision).toBe(1);
    const del = await s.vault.applyChanges(u.id, [{ id: 'r2', deleted: true, baseRevision: 1 }], t0);
    expect(del).toMatchObject({ kind: 'applied', vaultRevision: 2 });
    expect(await s.vault.records(u.id, 1)).toEqual([{ id: 'r2', revision: 2, envelope: '', deleted: true }]);
  });

  it('serialises concurrent writers of one record: exactly one wins', async () => {
    const s = await fresh();
    const u = await addUser(s, 'c@acme.test');
    await s.vault.create(u.id, keys('dev-a'), t0);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => s.vault.applyChanges(u.id, [{ id: 'same', envelope: `e${i}`, baseRevision: null }], t0)),
    );
    expect(results.filter((r) => r.kind === 'applied')).toHaveLength(1);
    expect(results.filter((r) => r.kind === 'stale')).toHaveLength(7);
  });

  it('uses a TOTP step, a backup code, a WebAuthn counter and a challenge only once', async () => {
    const s = await fresh();
    const u = await addUser(s, 't@acme.test');
    const tf = s.twoFactor;
    await tf.saveConfirmedTotp(u.id, 'cipher', 99, t0);
    expect(await tf.getTotp(u.id)).toEqual({ secretCiphertext: 'cipher', lastUsedStep: 99 });
    expect(await tf.useTotpStep(u.id, 100)).toBe(true);
    expect(await tf.useTotpStep(u.id, 100)).toBe(false);
    expect(await tf.useTotpStep(u.id, 101)).toBe(true);

    await tf.replaceBackupCodes(u.id, ['h1', 'h2'], t0);
    expect(await tf.useBackupCode(u.id, 'h1', t0)).toBe(true);
    expect(await tf.useBackupCode(u.id, 'h1', t0)).toBe(false);
    expect(await tf.remainingBackupCodes(u.id)).toBe(1);

    await tf.addWebAuthnCredential({ id: 'cred', userId: u.id, publicKey: 'pk', counter: 5, transports: ['usb'] }, t0);
    expect(await tf.updateWebAuthnCounter(u.id, 'cred', 4, 6)).toBe(false);
    expect(await tf.updateWebAuthnCounter(u.id, 'cred', 5, 6)).toBe(true);
    expect(await tf.listWebAuthnCredentials(u.id)).toEqual([{ id: 'cred', userId: u.id, publicKey: 'pk', counter: 6, transports: ['usb'] }]);

    const challenge = { userId: u.id, purpose: 'webauthn_registration' as const, challenge: 'c1', rpId: 'keyhaven', origin: null, payload: null, expiresAt: new Date(t0.getTime() + 1000) };
    await tf.putChallenge(challenge, t0);
    expect(await tf.findChallenge(u.id, 'webauthn_registration')).toEqual(challenge);
    const taken = await Promise.all([tf.takeChallenge(u.id, 'webauthn_registration', 'c1'), tf.takeChallenge(u.id, 'webauthn_registration', 'c1')]);
    expect(taken.filter((c) => c !== undefined)).toEqual([challenge]);

    const until = new Date(t0.getTime() + 1000);
    await tf.rememberDevice(u.id, 'dev', 'hash', until);
    expect(await tf.rememberedDevice(u.id, 'dev')).toEqual({ secretHash: 'hash', until });
  });

  it('counts two-factor attempts atomically and forgets them on clear', async () => {
    const s = await fresh();
    const u = await addUser(s, 'l@acme.test');
    const counts = await Promise.all(Array.from({ length: 6 }, () => s.twoFactor.reserveAttempt(u.id, 60_000, t0)));
    expect([...counts].sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6]);
    await s.twoFactor.releaseAttempt(u.id);
    expect(await s.twoFactor.reserveAttempt(u.id, 60_000, t0)).toBe(6);
    await s.twoFactor.clearAttempts(u.id);
    expect(await s.twoFactor.reserveAttempt(u.id, 60_000, t0)).toBe(1);
  });
});
