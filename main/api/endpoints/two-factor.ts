import { z } from 'zod';
import { TWO_FACTOR_METHODS } from '../../policy/enforcement-policy';
import { endpoint } from '../endpoint';

const b64url = z.string().min(1).max(16_384).regex(/^[A-Za-z0-9_-]+$/, 'must be base64url');
const emptyBody = z.object({}).strict();
/** The web host's origin picks the WebAuthn relying party; without one the packaged app's. */
const originBody = z.object({ origin: z.string().min(1).max(512).optional() }).strict();
const registrationResponseSchema = z.looseObject({
  id: b64url,
  rawId: b64url,
  type: z.literal('public-key'),
  response: z.looseObject({ clientDataJSON: b64url, attestationObject: b64url, transports: z.array(z.string().max(32)).max(8).optional() }),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
});
const authenticationResponseSchema = z.looseObject({
  id: b64url,
  rawId: b64url,
  type: z.literal('public-key'),
  response: z.looseObject({ clientDataJSON: b64url, authenticatorData: b64url, signature: b64url, userHandle: b64url.optional() }),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
});

/** The browser's WebAuthn JSON, relayed as the renderer got it; the backend checks it. */
export type RegistrationResponse = z.input<typeof registrationResponseSchema>;
export type AuthenticationResponse = z.input<typeof authenticationResponseSchema>;

const methods = z.array(z.enum(TWO_FACTOR_METHODS));
const statusAnswer = z.object({
  enrolled: methods,
  allowed: methods,
  required: z.boolean(),
  authenticators: z.array(z.object({ kind: z.enum(['totp', 'webauthn']), id: z.string(), addedAt: z.string() })),
});
const enrolled = z.object({ enrolled: methods });
/** `rememberSecret` only when asked and the policy allows: in this answer once, then in the keychain. */
const proved = z.object({ verified: z.boolean(), rememberedDevice: z.boolean(), rememberSecret: z.string().optional() });
/** WebAuthn options as @simplewebauthn/server makes them: relayed to the renderer untouched. */
const webauthnOptions = z.object({ options: z.looseObject({ challenge: z.string() }) });

const refusals = ['unauthorized', 'session_expired', 'forbidden', 'two_factor_required', 'rate_limited'] as const;
const proofRefusals = [...refusals, 'invalid_two_factor_code', 'too_many_attempts', 'challenge_expired', 'security_key_failed'] as const;

/** The second factor after SSO (`/v1/two-factor/*`): main/backend/README.md "Two-factor". */
export const twoFactorEndpoints = {
  status: endpoint({ method: 'GET', path: '/v1/two-factor', auth: 'session', response: statusAnswer, errors: refusals }),
  /** Removing never goes below the role's requirement (main/backend/README.md "Two-factor"). */
  removeTotp: endpoint({ method: 'DELETE', path: '/v1/two-factor/totp', auth: 'session', response: statusAnswer, errors: [...refusals, 'conflict', 'not_found'] }),
  removeWebauthn: endpoint({
    method: 'DELETE',
    path: '/v1/two-factor/webauthn/:id',
    auth: 'session',
    params: z.object({ id: b64url.max(1_024) }).strict(),
    response: statusAnswer,
    errors: [...refusals, 'conflict', 'not_found'],
  }),
  beginTotp: endpoint({
    method: 'POST',
    path: '/v1/two-factor/totp/begin',
    auth: 'session',
    body: emptyBody,
    response: z.object({ secret: z.string(), otpauthUri: z.string(), qrSvg: z.string() }),
    errors: refusals,
  }),
  confirmTotp: endpoint({ method: 'POST', path: '/v1/two-factor/totp/confirm', auth: 'session', body: z.object({ code: z.string().min(1).max(32) }).strict(), response: enrolled, errors: proofRefusals }),
  backupCodes: endpoint({ method: 'POST', path: '/v1/two-factor/backup-codes', auth: 'session', body: emptyBody, response: z.object({ codes: z.array(z.string()) }), errors: refusals }),
  webauthnRegisterOptions: endpoint({ method: 'POST', path: '/v1/two-factor/webauthn/register/options', auth: 'session', body: originBody, response: webauthnOptions, errors: refusals }),
  webauthnRegisterVerify: endpoint({
    method: 'POST',
    path: '/v1/two-factor/webauthn/register/verify',
    auth: 'session',
    body: z.object({ response: registrationResponseSchema }).strict(),
    response: enrolled,
    errors: proofRefusals,
  }),
  webauthnAuthenticateOptions: endpoint({ method: 'POST', path: '/v1/two-factor/webauthn/authenticate/options', auth: 'session', body: originBody, response: webauthnOptions, errors: refusals }),
  webauthnAuthenticateVerify: endpoint({
    method: 'POST',
    path: '/v1/two-factor/webauthn/authenticate/verify',
    auth: 'session',
    body: z.object({ response: authenticationResponseSchema, rememberDevice: z.boolean().default(false) }).strict(),
    response: proved,
    errors: proofRefusals,
  }),
  /** A new session of a remembered device shows the secret it was given instead of a code. */
  rememberedDevice: endpoint({
    method: 'POST',
    path: '/v1/two-factor/remembered-device',
    auth: 'session',
    body: z.object({ secret: z.string().min(16).max(128).regex(/^[A-Za-z0-9_-]+$/, 'must be base64url') }).strict(),
    response: z.object({ verified: z.literal(true) }),
    errors: [...refusals, 'invalid_two_factor_code'],
  }),
  /** A TOTP or backup code. */
  verify: endpoint({
    method: 'POST',
    path: '/v1/two-factor/verify',
    auth: 'session',
    body: z.object({ method: z.enum(['totp', 'backup_code']), code: z.string().min(1).max(32), rememberDevice: z.boolean().default(false) }).strict(),
    response: proved,
    errors: proofRefusals,
  }),
} as const;
