import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseTenantConfig } from '../../../main/backend/config/parse-tenant-config';
import { createBackend, type Backend } from '../../../main/backend/http/create-backend';
import { hashToken } from '../../../main/backend/sessions/session-token';
import { createLogger } from '../../../main/log/logger';
import { decodeBase32 } from '../../../main/otp/base32';
import { totpAt } from '../../../main/otp/hotp';
import { PACKAGED_APP, WEB_HOST, advance } from './service-fixture';
import { SoftwareAuthenticator } from './software-authenticator';

/** One role per policy the cases need; a user's role gives its sessions their policy. */
const TENANT = `
tenant: Acme Corp
admin:
  token: two-factor-routes-admin-token-0123456789
nodes:
  - name: Acme Corp
    defaultRole: plain
roles:
  - name: plain
  - name: required
    policy: { requireTwoFactor: true }
  - name: totp-and-codes
    policy: { requireTwoFactor: true, twoFactorMethods: [totp, backup_codes] }
  - name: remembering
    policy: { requireTwoFactor: true, rememberDeviceDays: 7 }
  - name: keys-only
    policy: { twoFactorMethods: [webauthn] }
  - name: keys-required
    policy: { requireTwoFactor: true, twoFactorMethods: [webauthn] }
`;

let dir: string;
let backend: Backend;
const clock = { now: new Date('2025-03-01T09:00:10Z') };

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'keyhaven-2fa-routes-'));
  clock.now = new Date('2025-03-01T09:00:10Z');
  backend = await createBackend({
    config: await parseTenantConfig(TENANT, { fileName: 'tenant.yaml', baseDir: dir }),
    db: join(dir, 'backend.sqlite'),
    logger: createLogger({ level: 'silent' }),
    now: () => clock.now,
    secretKey: randomBytes(32),
    webauthnRelyingParties: [PACKAGED_APP, WEB_HOST],
  });
});
afterEach(async () => {
  await backend?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A session of alice (with this role) on the device `device`, as a sign-in would make it. */
async function signIn(token: string, role: string, device = `${token}-device`, userId = 'alice') {
  const { store } = backend;
  await store.users.insertIfAbsent({ id: userId, email: `${userId}@acme.test`, node: 'Acme Corp', role, connectionId: null, now: clock.now });
  await store.sessions.create({ tokenHash: hashToken(token), userId, deviceId: device, now: clock.now, expiresAt: new Date(clock.now.getTime() + 365 * 86_400_000) });
}

const verified = async (token: string) => (await backend.store.sessions.findValid(hashToken(token), clock.now))?.secondFactorVerifiedAt != null;

/** The two-factor audit events, oldest first, in the terms the routes audit them. */
async function audit() {
  const events = await backend.store.audit.listNewestFirst({ limit: 100 });
  return events
    .filter((e) => e.type.startsWith('two_factor.'))
    .reverse()
    .map((e) => ({ type: e.type, userId: e.userId, deviceId: e.details?.deviceId, method: e.details?.method, ...(e.reason === null ? {} : { reason: e.reason }) }));
}

const call = (token: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  backend.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });

async function enrolTotp(token: string): Promise<Buffer> {
  const begun = await call(token, 'POST', '/v1/two-factor/totp/begin', {});
  expect(begun.statusCode).toBe(200);
  const secret = decodeBase32(begun.json().secret);
  const confirmed = await call(token, 'POST', '/v1/two-factor/totp/confirm', { code: totpAt(secret, clock.now.getTime()) });
  expect(confirmed.statusCode).toBe(200);
  advance(clock, 90_000);
  return secret;
}

describe('two-factor routes', () => {
  it('lists enrolled and allowed methods', async () => {
    await signIn('s1', 'totp-and-codes');
    const res = await call('s1', 'GET', '/v1/two-factor');
    expect(res.json()).toEqual({ enrolled: [], allowed: ['totp', 'backup_codes'], required: true, authenticators: [] });
  });

  it('enrols TOTP, verifies the enrolling session and audits it', async () => {
    await signIn('s1', 'required');
    const begun = await call('s1', 'POST', '/v1/two-factor/totp/begin', {});
    expect(Object.keys(begun.json()).sort()).toEqual(['otpauthUri', 'qrSvg', 'secret']);
    const secret = decodeBase32(begun.json().secret);
    const confirmed = await call('s1', 'POST', '/v1/two-factor/totp/confirm', { code: totpAt(secret, clock.now.getTime()) });
    expect(confirmed.json()).toEqual({ enrolled: ['totp'] });
    expect(await verified('s1')).toBe(true);
    expect(await audit()).toEqual([{ type: 'two_factor.enrolled', userId: 'alice', deviceId: 's1-device', method: 'totp' }]);
  });

  it('verifies a new session with TOTP and remembers the device for the policy’s days', async () => {
    await signIn('s1', 'remembering');
    const secret = await enrolTotp('s1');
    await signIn('s2', 'remembering');
    const res = await call('s2', 'POST', '/v1/two-factor/verify', { method: 'totp', code: totpAt(secret, clock.now.getTime()), rememberDevice: true });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ verified: true, rememberedDevice: true, rememberSecret: expect.stringMatching(/^[\w-]{43}$/) });
    expect(await verified('s2')).toBe(true);
    expect((await audit()).at(-1)).toEqual({ type: 'two_factor.verified', userId: 'alice', deviceId: 's2-device', method: 'totp' });
    const rememberSecret = res.json().rememberSecret as string;

    // A later session of the same device shows the secret instead of a code, within the 7 days.
    await signIn('s3', 'remembering', 's2-device');
    advance(clock, 6 * 86_400_000);
    const remembered = await call('s3', 'POST', '/v1/two-factor/remembered-device', { secret: rememberSecret });
    expect(remembered.json()).toEqual({ verified: true });
    expect(await verified('s3')).toBe(true);
    expect((await audit()).at(-1)).toEqual({ type: 'two_factor.verified', userId: 'alice', deviceId: 's2-device', method: 'remembered_device' });

    await signIn('s4', 'remembering', 's2-device');
    advance(clock, 2 * 86_400_000);
    const expired = await call('s4', 'POST', '/v1/two-factor/remembered-device', { secret: rememberSecret });
    expect(expired.statusCode).toBe(401);
    expect(await verified('s4')).toBe(false);
  });

  it('answers a wrong code with 401 invalid_two_factor_code and audits the failure without the code', async () => {
    await signIn('s1', 'required');
    await enrolTotp('s1');
    await signIn('s2', 'required');
    const res = await call('s2', 'POST', '/v1/two-factor/verify', { method: 'totp', code: '123456' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: 'invalid_two_factor_code' });
    expect(await verified('s2')).toBe(false);
    expect((await audit()).at(-1)).toEqual({ type: 'two_factor.failed', userId: 'alice', deviceId: 's2-device', method: 'totp', reason: 'invalid_two_factor_code' });
    expect(JSON.stringify(await backend.store.audit.listNewestFirst({ limit: 100 }))).not.toContain('123456');
  });

  it('refuses a method the policy does not allow with 403 and a clear message', async () => {
    await signIn('s1', 'keys-only');
    const begin = await call('s1', 'POST', '/v1/two-factor/totp/begin', {});
    expect(begin.statusCode).toBe(403);
    expect(begin.json()).toEqual({ error: 'forbidden', message: 'Your role does not allow authenticator apps for two-factor sign-in.' });
    const verify = await call('s1', 'POST', '/v1/two-factor/verify', { method: 'backup_code', code: 'abcd-efgh' });
    expect(verify.statusCode).toBe(403);
    expect(verify.json().message).toMatch(/backup codes/);
  });

  it('refuses to change two-factor settings before the session proved its second factor', async () => {
    await signIn('s1', 'required');
    await enrolTotp('s1');
    await signIn('attacker', 'required');
    for (const url of ['/v1/two-factor/totp/begin', '/v1/two-factor/backup-codes', '/v1/two-factor/webauthn/register/options']) {
      const res = await call('attacker', 'POST', url, {});
      expect(res.statusCode).toBe(401);
      expect(res.json().error).toBe('two_factor_required');
    }
  });

  it('returns backup codes once per generation; a new generation invalidates the old', async () => {
    await signIn('s1', 'required');
    await enrolTotp('s1');
    const first = (await call('s1', 'POST', '/v1/two-factor/backup-codes', {})).json().codes as string[];
    const second = (await call('s1', 'POST', '/v1/two-factor/backup-codes', {})).json().codes as string[];
    expect(first).toHaveLength(10);
    await signIn('s2', 'required');
    const old = await call('s2', 'POST', '/v1/two-factor/verify', { method: 'backup_code', code: first[0] });
    expect(old.statusCode).toBe(401);
    const fresh = await call('s2', 'POST', '/v1/two-factor/verify', { method: 'backup_code', code: second[0] });
    expect(fresh.json()).toMatchObject({ verified: true });
    const again = await call('s2', 'POST', '/v1/two-factor/verify', { method: 'backup_code', code: second[0] });
    expect(again.statusCode).toBe(401);
  });

  it('registers and authenticates a security key over HTTP', async () => {
    await signIn('s1', 'keys-required');
    const key = new SoftwareAuthenticator(PACKAGED_APP.origin);
    const { options } = (await call('s1', 'POST', '/v1/two-factor/webauthn/register/options', {})).json();
    const registered = await call('s1', 'POST', '/v1/two-factor/webauthn/register/verify', { response: key.register(options) });
    expect(registered.json()).toEqual({ enrolled: ['webauthn'] });

    await signIn('s2', 'keys-required');
    const request = (await call('s2', 'POST', '/v1/two-factor/webauthn/authenticate/options', { origin: PACKAGED_APP.origin })).json().options;
    const answer = await call('s2', 'POST', '/v1/two-factor/webauthn/authenticate/verify', { response: key.authenticate(request) });
    expect(answer.json()).toEqual({ verified: true, rememberedDevice: false });
    expect(await verified('s2')).toBe(true);
  });

  it('validates bodies and answers 400 bad_request', async () => {
    await signIn('s1', 'plain');
    const res = await call('s1', 'POST', '/v1/two-factor/verify', { method: 'sms', code: '1' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('bad_request');
    const junk = await call('s1', 'POST', '/v1/two-factor/webauthn/register/verify', { response: { id: 'x' } });
    expect(junk.statusCode).toBe(400);
  });
});
