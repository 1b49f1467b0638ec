import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, type ErrorCode } from '../../errors/app-error';
import { DEFAULT_POLICY, type EnforcementPolicy, type TwoFactorMethod } from '../../policy/enforcement-policy';
import { findRole } from '../config/tenant-config';
import type { createAuthenticate } from '../http/authenticate';
import type { BackendContext } from '../http/backend-context';
import { parseInput } from '../http/parse-input';
import type { AuthenticatorRef } from '../store/store';
import type { TwoFactorService } from './two-factor-service';

/** The signed-in session as the two-factor routes see it. */
interface TwoFactorAuth {
  readonly userId: string;
  readonly email: string;
  readonly deviceId: string;
  readonly tokenHash: string;
  readonly policy: EnforcementPolicy;
  readonly secondFactorVerified: boolean;
}

/** No codes, secrets or responses: the audit log sees who, what, which method and why not. */
interface TwoFactorAuditEvent {
  readonly type: 'two_factor.enrolled' | 'two_factor.verified' | 'two_factor.failed' | 'two_factor.removed';
  /** `remembered_device`: the session showed this device's remember secret instead of a code. */
  readonly method: TwoFactorMethod | 'remembered_device';
  readonly reason?: ErrorCode;
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
const credentialParams = z.object({ id: b64url.max(1_024) }).strict();
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
export function registerTwoFactorRoutes(
  app: FastifyInstance,
  ctx: BackendContext,
  authenticate: ReturnType<typeof createAuthenticate>,
  service: TwoFactorService,
): void {
  const signedIn = async (req: FastifyRequest): Promise<TwoFactorAuth> => {
    const { user, session } = await authenticate(req);
    return {
      userId: user.id,
      email: user.email,
      deviceId: session.deviceId ?? '',
      tokenHash: session.tokenHash,
      policy: findRole(ctx.config, user.role)?.policy ?? DEFAULT_POLICY,
      secondFactorVerified: session.secondFactorVerifiedAt !== null,
    };
  };

  const markVerified = (auth: TwoFactorAuth) => ctx.store.sessions.markSecondFactorVerified(auth.tokenHash, ctx.now());

  const audit = async (auth: TwoFactorAuth, event: TwoFactorAuditEvent) => {
    await ctx.store.audit.append({
      type: event.type,
      at: ctx.now(),
      userId: auth.userId,
      ...(event.reason ? { reason: event.reason } : {}),
      details: { method: event.method, deviceId: auth.deviceId },
    });
  };

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
  const enrolled = async (auth: TwoFactorAuth, method: TwoFactorMethod, first: boolean) => {
    await audit(auth, { type: 'two_factor.enrolled', method });
    if (first && !auth.secondFactorVerified) await markVerified(auth);
  };

  const auditingFailure = async (auth: TwoFactorAuth, method: TwoFactorMethod, check: () => Promise<void>) => {
    try {
      await check();
    } catch (err) {
      const reason = err instanceof AppError ? err.code : 'internal';
      await audit(auth, { type: 'two_factor.failed', method, reason });
      throw err;
    }
  };

  /**
   * Runs a proof; audits either outcome; on success verifies the session and, when asked and
   * the policy allows, remembers the device: `rememberSecret` is in this answer only, once.
   */
  const prove = async (auth: TwoFactorAuth, method: TwoFactorMethod, remember: boolean, check: () => Promise<void>) => {
    await auditingFailure(auth, method, check);
    await markVerified(auth);
    const secret = remember ? await service.rememberDevice(auth.userId, auth.deviceId, auth.policy.rememberDeviceDays) : null;
    await audit(auth, { type: 'two_factor.verified', method });
    return { verified: true, rememberedDevice: secret !== null, ...(secret === null ? {} : { rememberSecret: secret }) };
  };

  const status = async (auth: TwoFactorAuth) => ({
    enrolled: await service.enrolledMethods(auth.userId),
    allowed: [...auth.policy.twoFactorMethods],
    required: auth.policy.requireTwoFactor,
    authenticators: (await service.authenticators(auth.userId)).map((a) => ({ kind: a.kind, id: a.id, addedAt: a.addedAt.toISOString() })),
  });

  /**
   * Removing: the same gate as adding one, and never below the role's requirement — a role that
   * requires two factors keeps at least one authenticator app or security key it allows (backup
   * codes run out, so they do not count). The check and the delete are one transaction.
   */
  const remove = async (req: FastifyRequest, target: AuthenticatorRef) => {
    const auth = await signedIn(req);
    const usable = (await service.enrolledMethods(auth.userId)).filter((m) => auth.policy.twoFactorMethods.includes(m));
    if (usable.length > 0 && !auth.secondFactorVerified) {
      throw new AppError('two_factor_required', 'Confirm your second factor before changing two-factor settings.');
    }
    const of = auth.policy.twoFactorMethods.filter((m): m is 'totp' | 'webauthn' => m !== 'backup_codes');
    await service.removeAuthenticator(auth.userId, target, { count: auth.policy.requireTwoFactor ? 1 : 0, of });
    await audit(auth, { type: 'two_factor.removed', method: target.kind });
    return status(auth);
  };

  app.get('/v1/two-factor', async (req) => status(await signedIn(req)));

  app.delete('/v1/two-factor/totp', async (req) => remove(req, { kind: 'totp' }));

  app.delete('/v1/two-factor/webauthn/:id', async (req) => {
    const { id } = parseInput(credentialParams, req.params, 'path');
    return remove(req, { kind: 'webauthn', id });
  });

  app.post('/v1/two-factor/totp/begin', async (req) => {
    const auth = await signedIn(req);
    parseInput(emptyBody, req.body, 'body');
    await mayEnrol(auth, 'totp');
    return service.beginTotpEnrolment(auth.userId, auth.email);
  });

  app.post('/v1/two-factor/totp/confirm', async (req) => {
    const auth = await signedIn(req);
    const { code } = parseInput(codeBody, req.body, 'body');
    const first = await mayEnrol(auth, 'totp');
    await auditingFailure(auth, 'totp', () => service.confirmTotp(auth.userId, code));
    await enrolled(auth, 'totp', first);
    return { enrolled: await service.enrolledMethods(auth.userId) };
  });

  app.post('/v1/two-factor/backup-codes', async (req) => {
    const auth = await signedIn(req);
    parseInput(emptyBody, req.body, 'body');
    const first = await mayEnrol(auth, 'backup_codes');
    const codes = await service.generateBackupCodes(auth.userId);
    await enrolled(auth, 'backup_codes', first);
    return { codes };
  });

  app.post('/v1/two-factor/webauthn/register/options', async (req) => {
    const auth = await signedIn(req);
    const { origin } = parseInput(originBody, req.body, 'body');
    await mayEnrol(auth, 'webauthn');
    return { options: await service.webAuthnRegistrationOptions(auth.userId, auth.email, origin) };
  });

  app.post('/v1/two-factor/webauthn/register/verify', async (req) => {
    const auth = await signedIn(req);
    const { response } = parseInput(registerVerifyBody, req.body, 'body');
    const first = await mayEnrol(auth, 'webauthn');
    const registration = response as unknown as RegistrationResponseJSON;
    await auditingFailure(auth, 'webauthn', () => service.verifyWebAuthnRegistration(auth.userId, registration));
    await enrolled(auth, 'webauthn', first);
    return { enrolled: await service.enrolledMethods(auth.userId) };
  });

  app.post('/v1/two-factor/webauthn/authenticate/options', async (req) => {
    const auth = await signedIn(req);
    const { origin } = parseInput(originBody, req.body, 'body');
    allow(auth, 'webauthn');
    return { options: await service.webAuthnAuthenticationOptions(auth.userId, origin) };
  });

  app.post('/v1/two-factor/webauthn/authenticate/verify', async (req) => {
    const auth = await signedIn(req);
    const body = parseInput(authenticateVerifyBody, req.body, 'body');
    allow(auth, 'webauthn');
    const response = body.response as unknown as AuthenticationResponseJSON;
    return prove(auth, 'webauthn', body.rememberDevice, () => service.verifyWebAuthnAuthentication(auth.userId, response));
  });

  // A new session of a remembered device shows the secret it was given instead of a code.
  app.post('/v1/two-factor/remembered-device', async (req) => {
    const auth = await signedIn(req);
    const { secret } = parseInput(rememberedDeviceBody, req.body, 'body');
    const ok = auth.policy.rememberDeviceDays > 0 && (await service.rememberedDeviceMatches(auth.userId, auth.deviceId, secret));
    if (!ok) {
      await audit(auth, { type: 'two_factor.failed', method: 'remembered_device', reason: 'invalid_two_factor_code' });
      throw new AppError('invalid_two_factor_code', 'This device is no longer remembered. Confirm it’s you with your second factor.');
    }
    await markVerified(auth);
    await audit(auth, { type: 'two_factor.verified', method: 'remembered_device' });
    return { verified: true };
  });

  app.post('/v1/two-factor/verify', async (req) => {
    const auth = await signedIn(req);
    const body = parseInput(verifyBody, req.body, 'body');
    const method: TwoFactorMethod = body.method === 'totp' ? 'totp' : 'backup_codes';
    allow(auth, method);
    return prove(auth, method, body.rememberDevice, () =>
      method === 'totp' ? service.verifyTotp(auth.userId, body.code) : service.verifyBackupCode(auth.userId, body.code),
    );
  });
}
