import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { API } from '../../api/api';
import { AppError, type ErrorCode } from '../../errors/app-error';
import { DEFAULT_POLICY, type EnforcementPolicy, type TwoFactorMethod } from '../../policy/enforcement-policy';
import { findRole } from '../config/tenant-config';
import type { createAuthenticate } from '../http/authenticate';
import type { BackendContext } from '../http/backend-context';
import { bodyOf, paramsOf, route } from '../http/route';
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
  const E = API.twoFactor;
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

  route(app, E.status, async (req) => status(await signedIn(req)));

  route(app, E.removeTotp, async (req) => remove(req, { kind: 'totp' }));

  route(app, E.removeWebauthn, async (req) => {
    const { id } = paramsOf(E.removeWebauthn, req);
    return remove(req, { kind: 'webauthn', id });
  });

  route(app, E.beginTotp, async (req) => {
    const auth = await signedIn(req);
    bodyOf(E.beginTotp, req);
    await mayEnrol(auth, 'totp');
    return service.beginTotpEnrolment(auth.userId, auth.email);
  });

  route(app, E.confirmTotp, async (req) => {
    const auth = await signedIn(req);
    const { code } = bodyOf(E.confirmTotp, req);
    const first = await mayEnrol(auth, 'totp');
    await auditingFailure(auth, 'totp', () => service.confirmTotp(auth.userId, code));
    await enrolled(auth, 'totp', first);
    return { enrolled: await service.enrolledMethods(auth.userId) };
  });

  route(app, E.backupCodes, async (req) => {
    const auth = await signedIn(req);
    bodyOf(E.backupCodes, req);
    const first = await mayEnrol(auth, 'backup_codes');
    const codes = await service.generateBackupCodes(auth.userId);
    await enrolled(auth, 'backup_codes', first);
    return { codes };
  });

  route(app, E.webauthnRegisterOptions, async (req) => {
    const auth = await signedIn(req);
    const { origin } = bodyOf(E.webauthnRegisterOptions, req);
    await mayEnrol(auth, 'webauthn');
    return { options: await service.webAuthnRegistrationOptions(auth.userId, auth.email, origin) };
  });

  route(app, E.webauthnRegisterVerify, async (req) => {
    const auth = await signedIn(req);
    const { response } = bodyOf(E.webauthnRegisterVerify, req);
    const first = await mayEnrol(auth, 'webauthn');
    const registration = response as unknown as RegistrationResponseJSON;
    await auditingFailure(auth, 'webauthn', () => service.verifyWebAuthnRegistration(auth.userId, registration));
    await enrolled(auth, 'webauthn', first);
    return { enrolled: await service.enrolledMethods(auth.userId) };
  });

  route(app, E.webauthnAuthenticateOptions, async (req) => {
    const auth = await signedIn(req);
    const { origin } = bodyOf(E.webauthnAuthenticateOptions, req);
    allow(auth, 'webauthn');
    return { options: await service.webAuthnAuthenticationOptions(auth.userId, origin) };
  });

  route(app, E.webauthnAuthenticateVerify, async (req) => {
    const auth = await signedIn(req);
    const body = bodyOf(E.webauthnAuthenticateVerify, req);
    allow(auth, 'webauthn');
    const response = body.response as unknown as AuthenticationResponseJSON;
    return prove(auth, 'webauthn', body.rememberDevice, () => service.verifyWebAuthnAuthentication(auth.userId, response));
  });

  // A new session of a remembered device shows the secret it was given instead of a code.
  route(app, E.rememberedDevice, async (req) => {
    const auth = await signedIn(req);
    const { secret } = bodyOf(E.rememberedDevice, req);
    const ok = auth.policy.rememberDeviceDays > 0 && (await service.rememberedDeviceMatches(auth.userId, auth.deviceId, secret));
    if (!ok) {
      await audit(auth, { type: 'two_factor.failed', method: 'remembered_device', reason: 'invalid_two_factor_code' });
      throw new AppError('invalid_two_factor_code', 'This device is no longer remembered. Confirm it’s you with your second factor.');
    }
    await markVerified(auth);
    await audit(auth, { type: 'two_factor.verified', method: 'remembered_device' });
    return { verified: true };
  });

  route(app, E.verify, async (req) => {
    const auth = await signedIn(req);
    const body = bodyOf(E.verify, req);
    const method: TwoFactorMethod = body.method === 'totp' ? 'totp' : 'backup_codes';
    allow(auth, method);
    return prove(auth, method, body.rememberDevice, () =>
      method === 'totp' ? service.verifyTotp(auth.userId, body.code) : service.verifyBackupCode(auth.userId, body.code),
    );
  });
}
