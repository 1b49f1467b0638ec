import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, type ErrorCode } from '../../errors/app-error';
import type { EnforcementPolicy, TwoFactorMethod } from '../../policy/enforcement-policy';
import { parseInput } from '../http/parse-input';
import type { TwoFactorService } from './two-factor-service';

export interface TwoFactorAuth {
  readonly userId: string;
  readonly email: string;
  readonly deviceId: string;
  readonly policy: EnforcementPolicy;
  readonly secondFactorVerified: boolean;
}

/** No codes, secrets or responses: the audit log sees who, what, which method and why not. */
export interface TwoFactorAuditEvent {
  readonly type: 'two_factor.enrolled' | 'two_factor.verified' | 'two_factor.failed';
  readonly userId: string;
  readonly deviceId: string;
  /** `remembered_device`: the session showed this device's remember secret instead of a code. */
  readonly method: TwoFactorMethod | 'remembered_device';
  readonly reason?: ErrorCode;
}

export interface TwoFactorRouteDeps {
  readonly authenticate: (req: FastifyRequest) => Promise<TwoFactorAuth>;
  readonly markSecondFactorVerified: (req: FastifyRequest) => Promise<void>;
  readonly service: TwoFactorService;
  readonly audit: (event: TwoFactorAuditEvent) => Promise<void>;
}

const METHOD_NAMES: Readonly<Record<TwoFactorMethod, string>> = {
  totp: 'authenticator apps',
  webauthn: 'security keys',
  backup_codes: 'backup codes',
};

const b64url = z.string().min(1).max(16_384).regex(/^[A-Za-z0-9_-]+$/, 'must be base64url');
const codeBody = z.object({ code: z.string().min(1).max(32) }).strict();
const originBody = z.object({ origin: z.string().min(1).max(512).optional() }).strict();
const emptyBody = z.object({}).strict();
const registrationResponse = z.looseObject({
  id: b64url,
  rawId: b64url,
  type: z.literal('public-key'),
  response: z.looseObject({ clientDataJSON: b64url, attestationObject: b64url, transports: z.array(z.string().max(32)).max(8).optional() }),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
});
const authenticationResponse = z.looseObject({
  id: b64url,
  rawId: b64url,
  type: z.literal('public-key'),
  response: z.looseObject({ clientDataJSON: b64url, authenticatorData: b64url, signature: b64url, userHandle: b64url.optional() }),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
});
const registerVerifyBody = z.object({ response: registrationResponse }).strict();
const authenticateVerifyBody = z.object({ response: authenticationResponse, rememberDevice: z.boolean().default(false) }).strict();
const rememberedDeviceBody = z.object({ secret: z.string().min(16).max(128).regex(/^[A-Za-z0-9_-]+$/, 'must be base64url') }).strict();
const verifyBody = z
  .object({ method: z.enum(['totp', 'backup_code']), code: z.string().min(1).max(32), rememberDevice: z.boolean().default(false) })
  .strict();

/**
 * Two-factor enrolment and verification for a signed-in (SSO) session. Errors are AppErrors,
 * sent as `{error, message}` by the backend's error handler.
 *
 * Who may enrol: a session whose user has no usable (enrolled and allowed) method yet — SSO is
 * then the only factor there is, and this is the onboarding step — or a session that already
 * proved its second factor. Otherwise someone holding only the SSO session could add their own
 * authenticator and walk past the real one.
 */
export function registerTwoFactorRoutes(app: FastifyInstance, deps: TwoFactorRouteDeps): void {
  const { service } = deps;

  const allow = (auth: TwoFactorAuth, method: TwoFactorMethod) => {
    if (!auth.policy.twoFactorMethods.includes(method)) {
      throw new AppError('forbidden', `Your role does not allow ${METHOD_NAMES[method]} for two-factor sign-in.`);
    }
  };

  /** Returns whether this enrolment is the user's first usable method (then it also verifies the session). */
  const mayEnrol = async (auth: TwoFactorAuth, method: TwoFactorMethod): Promise<boolean> => {
    allow(auth, method);
    const usable = (await service.enrolledMethods(auth.userId)).filter((m) => auth.policy.twoFactorMethods.includes(m));
    if (usable.length > 0 && !auth.secondFactorVerified) {
      throw new AppError('two_factor_required', 'Confirm your second factor before changing two-factor settings.');
    }
    return usable.length === 0;
  };

  /** The user just proved possession of the new factor, and SSO was the only factor before it. */
  const enrolled = async (req: FastifyRequest, auth: TwoFactorAuth, method: TwoFactorMethod, first: boolean) => {
    await deps.audit({ type: 'two_factor.enrolled', userId: auth.userId, deviceId: auth.deviceId, method });
    if (first && !auth.secondFactorVerified) await deps.markSecondFactorVerified(req);
  };

  const auditingFailure = async (auth: TwoFactorAuth, method: TwoFactorMethod, check: () => Promise<void>) => {
    try {
      await check();
    } catch (err) {
      const reason = err instanceof AppError ? err.code : 'internal';
      await deps.audit({ type: 'two_factor.failed', userId: auth.userId, deviceId: auth.deviceId, method, reason });
      throw err;
    }
  };

  /**
   * Runs a proof; audits either outcome; on success verifies the session and, when asked and
   * the policy allows, remembers the device: `rememberSecret` is in this answer only, once.
   */
  const prove = async (req: FastifyRequest, auth: TwoFactorAuth, method: TwoFactorMethod, remember: boolean, check: () => Promise<void>) => {
    await auditingFailure(auth, method, check);
    await deps.markSecondFactorVerified(req);
    const secret = remember ? await service.rememberDevice(auth.userId, auth.deviceId, auth.policy.rememberDeviceDays) : null;
    await deps.audit({ type: 'two_factor.verified', userId: auth.userId, deviceId: auth.deviceId, method });
    return { verified: true, rememberedDevice: secret !== null, ...(secret === null ? {} : { rememberSecret: secret }) };
  };

  app.get('/v1/two-factor', async (req) => {
    const auth = await deps.authenticate(req);
    return {
      enrolled: await service.enrolledMethods(auth.userId),
      allowed: [...auth.policy.twoFactorMethods],
      required: auth.policy.requireTwoFactor,
    };
  });

  app.post('/v1/two-factor/totp/begin', async (req) => {
    const auth = await deps.authenticate(req);
    parseInput(emptyBody, req.body, 'body');
    await mayEnrol(auth, 'totp');
    return service.beginTotpEnrolment(auth.userId, auth.email);
  });

  app.post('/v1/two-factor/totp/confirm', async (req) => {
    const auth = await deps.authenticate(req);
    const { code } = parseInput(codeBody, req.body, 'body');
    const first = await mayEnrol(auth, 'totp');
    await auditingFailure(auth, 'totp', () => service.confirmTotp(auth.userId, code));
    await enrolled(req, auth, 'totp', first);
    return { enrolled: await service.enrolledMethods(auth.userId) };
  });

  app.post('/v1/two-factor/backup-codes', async (req) => {
    const auth = await deps.authenticate(req);
    parseInput(emptyBody, req.body, 'body');
    const first = await mayEnrol(auth, 'backup_codes');
    const codes = await service.generateBackupCodes(auth.userId);
    await enrolled(req, auth, 'backup_codes', first);
    return { codes };
  });

  app.post('/v1/two-factor/webauthn/register/options', async (req) => {
    const auth = await deps.authenticate(req);
    const { origin } = parseInput(originBody, req.body, 'body');
    await mayEnrol(auth, 'webauthn');
    return { options: await service.webAuthnRegistrationOptions(auth.userId, auth.email, origin) };
  });

  app.post('/v1/two-factor/webauthn/register/verify', async (req) => {
    const auth = await deps.authenticate(req);
    const { response } = parseInput(registerVerifyBody, req.body, 'body');
    const first = await mayEnrol(auth, 'webauthn');
    const registration = response as unknown as RegistrationResponseJSON;
    await auditingFailure(auth, 'webauthn', () => service.verifyWebAuthnRegistration(auth.userId, registration));
    await enrolled(req, auth, 'webauthn', first);
    return { enrolled: await service.enrolledMethods(auth.userId) };
  });

  app.post('/v1/two-factor/webauthn/authenticate/options', async (req) => {
    const auth = await deps.authenticate(req);
    const { origin } = parseInput(originBody, req.body, 'body');
    allow(auth, 'webauthn');
    return { options: await service.webAuthnAuthenticationOptions(auth.userId, origin) };
  });

  app.post('/v1/two-factor/webauthn/authenticate/verify', async (req) => {
    const auth = await deps.authenticate(req);
    const body = parseInput(authenticateVerifyBody, req.body, 'body');
    allow(auth, 'webauthn');
    const response = body.response as unknown as AuthenticationResponseJSON;
    return prove(req, auth, 'webauthn', body.rememberDevice, () => service.verifyWebAuthnAuthentication(auth.userId, response));
  });

  // A new session of a remembered device shows the secret it was given instead of a code.
  app.post('/v1/two-factor/remembered-device', async (req) => {
    const auth = await deps.authenticate(req);
    const { secret } = parseInput(rememberedDeviceBody, req.body, 'body');
    const ok = auth.policy.rememberDeviceDays > 0 && (await service.rememberedDeviceMatches(auth.userId, auth.deviceId, secret));
    if (!ok) {
      await deps.audit({ type: 'two_factor.failed', userId: auth.userId, deviceId: auth.deviceId, method: 'remembered_device', reason: 'invalid_two_factor_code' });
      throw new AppError('invalid_two_factor_code', 'This device is no longer remembered. Confirm it’s you with your second factor.');
    }
    await deps.markSecondFactorVerified(req);
    await deps.audit({ type: 'two_factor.verified', userId: auth.userId, deviceId: auth.deviceId, method: 'remembered_device' });
    return { verified: true };
  });

  app.post('/v1/two-factor/verify', async (req) => {
    const auth = await deps.authenticate(req);
    const body = parseInput(verifyBody, req.body, 'body');
    const method: TwoFactorMethod = body.method === 'totp' ? 'totp' : 'backup_codes';
    allow(auth, method);
    return prove(req, auth, method, body.rememberDevice, () =>
      method === 'totp' ? service.verifyTotp(auth.userId, body.code) : service.verifyBackupCode(auth.userId, body.code),
    );
  });
}
