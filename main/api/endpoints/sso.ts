import { z } from 'zod';
import { policySchema, resolvePolicy } from '../../policy/enforcement-policy';
import { endpoint } from '../endpoint';

/** The role's policy as the backend sends it: complete, read as the effective policy. */
export const wirePolicySchema = policySchema.transform((p) => resolvePolicy(p));

/** This device as the backend files it (one row per device and user). */
export const deviceSchema = z
  .object({ id: z.string().min(8).max(128).regex(/^[\w.:-]+$/), name: z.string().min(1).max(200), platform: z.string().min(1).max(64) })
  .strict();
export type DeviceInfo = z.input<typeof deviceSchema>;

const connectionId = z.string().regex(/^[a-z0-9-]+$/).max(64);
const transactionId = z.string().min(16).max(128).regex(/^[\w-]+$/);
const handoverCode = z.string().min(16).max(128).regex(/^[\w-]+$/);

const lookupQuery = z.object({
  email: z.string().min(1).max(320).optional(),
  domain: z.string().min(1).max(253).optional(),
  connection: connectionId.optional(),
});

// The contract's {email, redirectUri}; or connectionId (a managed `ssoConnection`), with email as a hint.
const startBody = z
  .object({ email: z.string().min(1).max(320).optional(), connectionId: connectionId.optional(), redirectUri: z.string().min(1).max(2048), device: deviceSchema.optional() })
  .strict()
  .refine((b) => b.email !== undefined || b.connectionId !== undefined, { message: 'give email or connectionId', path: ['email'] });

export const oidcCompleteBody = z.object({ transactionId, callbackUrl: z.string().min(1).max(8192) }).strict();
/** Origin/Referer of the browser POST the app's loopback ACS received, relayed for the poster check. */
const browserHeaders = z.object({ origin: z.string().max(2048).optional(), referer: z.string().max(4096).optional() }).strict();
/** A SAML response as the app's loopback ACS received it. */
export const samlRelayBody = z
  .object({
    connectionId,
    samlResponse: z.string().min(1).max(200_000),
    transactionId: transactionId.optional(),
    relayState: z.string().max(1024).optional(),
    browser: browserHeaders.optional(),
    /** This device, for an IdP-initiated response (an SP-initiated one has it in its transaction). */
    device: deviceSchema.optional(),
  })
  .strict();
export type SamlRelay = z.input<typeof samlRelayBody>;
export type CompleteRequest = z.input<typeof oidcCompleteBody> | SamlRelay;

const lookupAnswer = z.object({ connectionId: z.string(), type: z.enum(['saml', 'oidc']), node: z.string() });

/** A new session: what `/v1/sso/complete` and a redeemed handover answer. */
export const signInAnswer = z.object({
  session: z.string().min(1),
  sessionExpiresAt: z.string(),
  user: z.object({ id: z.string(), email: z.string(), node: z.string(), role: z.string() }),
  policy: wirePolicySchema,
  vaultExists: z.boolean(),
  deviceId: z.string(),
});
export type SignInAnswer = z.output<typeof signInAnswer>;

const handoverFacts = z.object({ email: z.string(), connectionId: z.string(), expiresAt: z.string() });
export const handoverOffer = handoverFacts.extend({ code: z.string() });
export type HandoverOffer = z.output<typeof handoverOffer>;

const signInRefusals = ['invalid_response', 'idp_error', 'transaction_not_found', 'transaction_expired', 'jit_disabled', 'user_deactivated', 'email_domain_not_allowed', 'idp_initiated_not_allowed', 'ip_not_allowed', 'rate_limited'] as const;

/** Sign-in (`/v1/sso/*`): no session yet. main/backend/README.md describes the flows. */
export const ssoEndpoints = {
  lookup: endpoint({ method: 'GET', path: '/v1/sso/lookup', auth: 'none', query: lookupQuery, response: lookupAnswer, errors: ['no_sso_for_domain', 'invalid_email', 'not_found', 'rate_limited'] }),
  start: endpoint({
    method: 'POST',
    path: '/v1/sso/start',
    auth: 'none',
    body: startBody,
    response: z.object({ transactionId: z.string(), authorizationUrl: z.string() }),
    errors: ['no_sso_for_domain', 'invalid_email', 'not_found', 'backend_unreachable', 'rate_limited'],
  }),
  /** OIDC `{transactionId, callbackUrl}`, or a SAML response relayed from the loopback ACS. */
  complete: endpoint({ method: 'POST', path: '/v1/sso/complete', auth: 'none', body: z.union([samlRelayBody, oidcCompleteBody]), response: signInAnswer, errors: signInRefusals }),
  /** The same checks as complete, answered with a one-time handover code instead of a session. */
  handover: endpoint({ method: 'POST', path: '/v1/sso/handover', auth: 'none', body: samlRelayBody, response: handoverOffer, errors: signInRefusals }),
  inspectHandover: endpoint({
    method: 'POST',
    path: '/v1/sso/handover/inspect',
    auth: 'none',
    body: z.object({ code: handoverCode }).strict(),
    response: handoverFacts,
    errors: ['transaction_not_found', 'transaction_expired'],
  }),
  redeemHandover: endpoint({
    method: 'POST',
    path: '/v1/sso/handover/redeem',
    auth: 'none',
    body: z.object({ code: handoverCode, device: deviceSchema.optional() }).strict(),
    response: signInAnswer,
    errors: ['transaction_not_found', 'transaction_expired', 'jit_disabled', 'user_deactivated', 'ip_not_allowed'],
  }),
  declineHandover: endpoint({
    method: 'POST',
    path: '/v1/sso/handover/decline',
    auth: 'none',
    body: z.object({ code: handoverCode, reason: z.enum(['declined', 'superseded']) }).strict(),
    response: z.object({ declined: z.literal(true) }),
    errors: ['transaction_not_found', 'transaction_expired'],
  }),
  /** The SP metadata XML of a SAML connection (the admin area saves it for the IdP's administrator). */
  spMetadata: endpoint({ method: 'GET', path: '/sso/saml/:id/metadata', auth: 'none', params: z.object({ id: connectionId }), response: 'text', errors: ['not_found'] }),
} as const;
