import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installErrorHandling } from '../../../main/backend/http/error-handling';
import { decodeBase32 } from '../../../main/otp/base32';
import { registerTwoFactorRoutes, type TwoFactorAuditEvent, type TwoFactorAuth } from '../../../main/backend/two-factor/routes';
import { totpAt } from '../../../main/otp/hotp';
import { createLogger } from '../../../main/log/logger';
import { resolvePolicy, type PolicyInput } from '../../../main/policy/enforcement-policy';
import { PACKAGED_APP, advance, openServiceFixture, type ServiceFixture } from './service-fixture';
import { SoftwareAuthenticator } from './software-authenticator';

let f: ServiceFixture;
let app: FastifyInstance;
let audit: TwoFactorAuditEvent[];
/** Sessions by bearer token: what the backend core's session store would answer. */
let sessions: Map<string, { -readonly [K in keyof TwoFactorAuth]: TwoFactorAuth[K] }>;

beforeEach(async () => {
  f = await openServiceFixture();
  audit = [];
  sessions = new Map();
  app = Fastify();
  installErrorHandling(app, createLogger({ level: 'silent' }));
  const session = (req: { headers: Record<string, unknown> }) => {
    const s = sessions.get(String(req.headers.authorization ?? '').replace('Bearer ', ''));
    if (s === undefined) throw Object.assign(new Error('no session'), { statusCode: 401 });
    return s;
  };
  registerTwoFactorRoutes(app, {
    authenticate: async (req) => ({ ...session(req) }),
    markSecondFactorVerified: async (req) => {
      session(req).secondFactorVerified = true;
    },
    service: f.service,
    audit: async (event) => {
      audit.push(event);
    },
  });
  await app.ready();
});
afterEach(async () => {
  await app.close();
  await f.close();
});

function signIn(token: string, policy: PolicyInput, userId = 'alice') {
  sessions.set(token, { userId, email: `${userId}@acme.test`, deviceId: `${token}-device`, policy: resolvePolicy(policy), secondFactorVerified: false });
}

const call = (token: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });

async function enrolTotp(token: string): Promise<Buffer> {
  const begun = await call(token, 'POST', '/v1/two-factor/totp/begin', {});
  expect(begun.statusCode).toBe(200);
  const secret = decodeBase32(begun.json().secret);
  const confirmed = await call(token, 'POST', '/v1/two-factor/totp/confirm', { code: totpAt(secret, f.clock.now.getTime()) });
  expect(confirmed.statusCode).toBe(200);
  advance(f.clock, 90_000);
  return secret;
}

describe('two-factor routes', () => {
  it('lists enrolled and allowed methods', async () => {
    signIn('s1', { requireTwoFactor: true, twoFactorMethods: ['totp', 'backup_codes'] });
    const res = await call('s1', 'GET', '/v1/two-factor');
    expect(res.json()).toEqual({ enrolled: [], allowed: ['totp', 'backup_codes'], required: true });
  });

  it('enrols TOTP, verifies the enrolling session and audits it', async () => {
    signIn('s1', { requireTwoFactor: true });
    const begun = await call('s1', 'POST', '/v1/two-factor/totp/begin', {});
    expect(Object.keys(begun.json()).sort()).toEqual(['otpauthUri', 'qrSvg', 'secret']);
    const secret = decodeBase32(begun.json().secret);
    const confirmed = await call('s1', 'POST', '/v1/two-factor/totp/confirm', { code: totpAt(secret, f.clock.now.getTime()) });
    expect(confirmed.json()).toEqual({ enrolled: ['totp'] });
    expect(sessions.get('s1')?.secondFactorVerified).toBe(true);
    expect(audit).toEqual([{ type: 'two_factor.enrolled', userId: 'alice', deviceId: 's1-device', method: 'totp' }]);
  });

  it('verifies a new session with TOTP and remembers the device for the policy’s days', async () => {
    signIn('s1', { requireTwoFactor: true, rememberDeviceDays: 7 });
    const secret = await enrolTotp('s1');
    signIn('s2', { requireTwoFactor: true, rememberDeviceDays: 7 });
    const res = await call('s2', 'POST', '/v1/two-factor/verify', { method: 'totp', code: totpAt(secret, f.clock.now.getTime()), rememberDevice: true });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ verified: true, rememberedDevice: true, rememberSecret: expect.stringMatching(/^[\w-]{43}$/) });
    expect(sessions.get('s2')?.secondFactorVerified).toBe(true);
    expect(audit.at(-1)).toEqual({ type: 'two_factor.verified', userId: 'alice', deviceId: 's2-device', method: 'totp' });
    const rememberSecret = res.json().rememberSecret as string;

    // A later session of the same device shows the secret instead of a code, within the 7 days.
    sessions.set('s3', { ...sessions.get('s2')!, secondFactorVerified: false });
    advance(f.clock, 6 * 86_400_000);
    const remembered = await call('s3', 'POST', '/v1/two-factor/remembered-device', { secret: rememberSecret });
    expect(remembered.json()).toEqual({ verified: true });
    expect(sessions.get('s3')?.secondFactorVerified).toBe(true);
    expect(audit.at(-1)).toEqual({ type: 'two_factor.verified', userId: 'alice', deviceId: 's2-device', method: 'remembered_device' });

    sessions.set('s4', { ...sessions.get('s2')!, secondFactorVerified: false });
    advance(f.clock, 2 * 86_400_000);
    const expired = await call('s4', 'POST', '/v1/two-factor/remembered-device', { secret: rememberSecret });
    expect(expired.statusCode).toBe(401);
    expect(sessions.get('s4')?.secondFactorVerified).toBe(false);
  });

  it('answers a wrong code with 401 invalid_two_factor_code and audits the failure without the code', async () => {
    signIn('s1', { requireTwoFactor: true });
    await enrolTotp('s1');
    signIn('s2', { requireTwoFactor: true });
    const res = await call('s2', 'POST', '/v1/two-factor/verify', { method: 'totp', code: '123456' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: 'invalid_two_factor_code' });
    expect(sessions.get('s2')?.secondFactorVerified).toBe(false);
    expect(audit.at(-1)).toEqual({ type: 'two_factor.failed', userId: 'alice', deviceId: 's2-device', method: 'totp', reason: 'invalid_two_factor_code' });
    expect(JSON.stringify(audit)).not.toContain('123456');
  });

  it('refuses a method the policy does not allow with 403 and a clear message', async () => {
    signIn('s1', { twoFactorMethods: ['webauthn'] });
    const begin = await call('s1', 'POST', '/v1/two-factor/totp/begin', {});
    expect(begin.statusCode).toBe(403);
    expect(begin.json()).toEqual({ error: 'forbidden', message: 'Your role does not allow authenticator apps for two-factor sign-in.' });
    const verify = await call('s1', 'POST', '/v1/two-factor/verify', { method: 'backup_code', code: 'abcd-efgh' });
    expect(verify.statusCode).toBe(403);
    expect(verify.json().message).toMatch(/backup codes/);
  });

  it('refuses to change two-factor settings before the session proved its second factor', async () => {
    signIn('s1', { requireTwoFactor: true });
    await enrolTotp('s1');
    signIn('attacker', { requireTwoFactor: true });
    for (const url of ['/v1/two-factor/totp/begin', '/v1/two-factor/backup-codes', '/v1/two-factor/webauthn/register/options']) {
      const res = await call('attacker', 'POST', url, {});
      expect(res.statusCode).toBe(401);
      expect(res.json().error).toBe('two_factor_required');
    }
  });

  it('returns backup codes once per generation; a new generation invalidates the old', async () => {
    signIn('s1', { requireTwoFactor: true });
    await enrolTotp('s1');
    const first = (await call('s1', 'POST', '/v1/two-factor/backup-codes', {})).json().codes as string[];
    const second = (await call('s1', 'POST', '/v1/two-factor/backup-codes', {})).json().codes as string[];
    expect(first).toHaveLength(10);
    signIn('s2', { requireTwoFactor: true });
    const old = await call('s2', 'POST', '/v1/two-factor/verify', { method: 'backup_code', code: first[0] });
    expect(old.statusCode).toBe(401);
    const fresh = await call('s2', 'POST', '/v1/two-factor/verify', { method: 'backup_code', code: second[0] });
    expect(fresh.json()).toMatchObject({ verified: true });
    const again = await call('s2', 'POST', '/v1/two-factor/verify', { method: 'backup_code', code: second[0] });
    expect(again.statusCode).toBe(401);
  });

  it('registers and authenticates a security key over HTTP', async () => {
    signIn('s1', { requireTwoFactor: true, twoFactorMethods: ['webauthn'] });
    const key = new SoftwareAuthenticator(PACKAGED_APP.origin);
    const { options } = (await call('s1', 'POST', '/v1/two-factor/webauthn/register/options', {})).json();
    const registered = await call('s1', 'POST', '/v1/two-factor/webauthn/register/verify', { response: key.register(options) });
    expect(registered.json()).toEqual({ enrolled: ['webauthn'] });

    signIn('s2', { requireTwoFactor: true, twoFactorMethods: ['webauthn'] });
    const request = (await call('s2', 'POST', '/v1/two-factor/webauthn/authenticate/options', { origin: PACKAGED_APP.origin })).json().options;
    const verified = await call('s2', 'POST', '/v1/two-factor/webauthn/authenticate/verify', { response: key.authenticate(request) });
    expect(verified.json()).toEqual({ verified: true, rememberedDevice: false });
    expect(sessions.get('s2')?.secondFactorVerified).toBe(true);
  });

  it('validates bodies and answers 400 bad_request', async () => {
    signIn('s1', {});
    const res = await call('s1', 'POST', '/v1/two-factor/verify', { method: 'sms', code: '1' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('bad_request');
    const junk = await call('s1', 'POST', '/v1/two-factor/webauthn/register/verify', { response: { id: 'x' } });
    expect(junk.statusCode).toBe(400);
  });
});
