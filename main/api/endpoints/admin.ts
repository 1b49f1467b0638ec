import { z } from 'zod';
import { ADMIN_PERMISSIONS, TWO_FACTOR_METHODS } from '../../policy/enforcement-policy';
import { endpoint } from '../endpoint';

/** How far a person got in the rollout (main/backend/admin/user-facts.ts defines each stage in SQL). */
export const ROLLOUT_STAGES = ['sign_in', 'vault', 'onboarding', 'second_factor', 'finished'] as const;
export const FUNNEL_STEPS = ['provisioned', 'signedIn', 'vaultCreated', 'onboardingFinished', 'secondFactorEnrolled', 'passwordsImported'] as const;

const text = z.string().trim().min(1).max(320);
const isoDate = z.string().datetime({ offset: true }).transform((v) => new Date(v));
const eventFilter = {
  type: z.string().max(64).optional(),
  user: text.optional(),
  // The earlier name of `user` (an id), still accepted.
  userId: z.string().max(128).optional(),
  outcome: z.enum(['success', 'failure']).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
};
export const eventsQuery = z.object({ ...eventFilter, before: z.coerce.number().int().min(1).optional(), limit: z.coerce.number().int().min(1).max(1000).default(100) }).strict();
export const csvQuery = z.object(eventFilter).strict();
const page = { offset: z.coerce.number().int().min(0).max(10_000_000).default(0), limit: z.coerce.number().int().min(1).max(200).default(50) };
const usersQuery = z
  .object({
    q: z.string().max(320).optional(),
    status: z.enum(['invited', 'active', 'deactivated']).optional(),
    node: text.optional(),
    role: text.optional(),
    source: z.enum(['jit', 'scim']).optional(),
    stage: z.enum(ROLLOUT_STAGES).optional(),
    ...page,
  })
  .strict();
const stuckStage = z.enum(['sign_in', 'vault', 'onboarding', 'second_factor']);
const stuckQuery = z.object({ stage: stuckStage.optional(), node: text.optional(), ...page }).strict();
const userParams = z.object({ id: z.string().min(1).max(128) }).strict();
const deviceParams = z.object({ id: z.string().min(1).max(128), deviceId: z.string().min(1).max(200) }).strict();
const placeBody = z
  .object({ node: text.optional(), role: text.optional() })
  .strict()
  .refine((b) => b.node !== undefined || b.role !== undefined, 'give node, role or both');

// Rows are relayed to the renderer as they come: known fields are checked, others pass through.
const userRow = z.looseObject({
  id: z.string(),
  email: z.string(),
  status: z.enum(['invited', 'active', 'deactivated']),
  node: z.string(),
  role: z.string(),
  source: z.enum(['jit', 'scim']),
  createdAt: z.string(),
  lastSignInAt: z.string().nullable(),
  devices: z.number(),
  secondFactorMethods: z.array(z.enum(TWO_FACTOR_METHODS)),
  stage: z.enum(ROLLOUT_STAGES),
});
const adminEvent = z.looseObject({
  seq: z.number(),
  id: z.string(),
  type: z.string(),
  at: z.string(),
  outcome: z.enum(['success', 'failure']),
  userId: z.string().nullable(),
  userEmail: z.string().nullable(),
  email: z.string().nullable(),
  ip: z.string().nullable(),
  connectionId: z.string().nullable(),
  reason: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
});
const device = z.looseObject({ id: z.string(), name: z.string(), platform: z.string(), createdAt: z.string(), lastSeenAt: z.string(), trusted: z.boolean(), hasPublicKey: z.boolean(), publicKey: z.string().nullable() });
const funnel = z.object(Object.fromEntries(FUNNEL_STEPS.map((s) => [s, z.number()])) as Record<(typeof FUNNEL_STEPS)[number], z.ZodNumber>);
const connection = z.looseObject({
  id: z.string(),
  protocol: z.enum(['saml', 'oidc']),
  node: z.string(),
  domains: z.array(z.string()),
  jit: z.boolean(),
  allowIdpInitiated: z.boolean().nullable(),
  issuer: z.string().nullable(),
  certificates: z.array(z.looseObject({ subject: z.string(), notAfter: z.string(), daysLeft: z.number(), state: z.enum(['ok', 'expiring', 'expired']) })),
  spMetadataUrl: z.string().nullable(),
});

const outboxStatus = {
  events: z.array(z.string()),
  delivered: z.number(),
  pending: z.number(),
  failing: z.number(),
  oldestPendingAt: z.string().nullable(),
  lastDeliveredAt: z.string().nullable(),
  lastAttempt: z.object({ at: z.string(), status: z.number().nullable(), error: z.string().nullable() }).nullable(),
  recent: z.array(
    z.looseObject({
      eventId: z.string(),
      eventType: z.string(),
      status: z.enum(['pending', 'delivered']),
      attempts: z.number(),
      createdAt: z.string(),
      lastAttemptAt: z.string().nullable(),
      lastStatus: z.number().nullable(),
      lastError: z.string().nullable(),
      nextAttemptAt: z.string().nullable(),
      deliveredAt: z.string().nullable(),
    }),
  ),
};
const webhook = z.looseObject({ id: z.string(), url: z.string(), ...outboxStatus });
const syslogDestination = z.looseObject({
  id: z.string(),
  host: z.string(),
  port: z.number(),
  transport: z.enum(['tcp', 'tls']),
  trust: z.enum(['configured', 'system']).nullable(),
  ...outboxStatus,
});

const connectionParams = z.object({ id: z.string().regex(/^[a-z0-9-]+$/).max(64) }).strict();
const testParams = z.object({ testId: z.string().min(16).max(128).regex(/^[\w-]+$/) }).strict();
/** A test sign-in's answer as the app's loopback server received it: OIDC's callback URL, or SAML's form. */
const testAnswer = z.union([
  z.object({ callbackUrl: z.string().min(1).max(8192) }).strict(),
  z
    .object({
      samlResponse: z.string().min(1).max(200_000),
      relayState: z.string().max(1024).optional(),
      browser: z.object({ origin: z.string().max(2048).optional(), referer: z.string().max(4096).optional() }).strict().optional(),
    })
    .strict(),
]);
const checkResult = z.object({
  check: z.string(),
  outcome: z.enum(['pass', 'fail', 'skipped']),
  code: z.string().nullable(),
  reason: z.string().nullable(),
  message: z.string(),
});
const testReport = z.object({
  testId: z.string(),
  connectionId: z.string(),
  protocol: z.enum(['saml', 'oidc']),
  outcome: z.enum(['pass', 'fail']),
  identity: z.object({ subject: z.string().nullable(), email: z.string().nullable(), name: z.string().nullable(), groups: z.array(z.string()).nullable(), verified: z.boolean() }),
  claims: z.array(z.object({ name: z.string(), values: z.array(z.string()) })),
  checks: z.array(checkResult),
  placement: z.object({ user: z.enum(['existing', 'new']), node: z.string(), role: z.string() }).nullable(),
});

const refusals = ['unauthorized', 'session_expired', 'forbidden', 'two_factor_required', 'ip_not_allowed', 'rate_limited'] as const;
const onUser = [...refusals, 'not_found', 'conflict'] as const;

/** The admin area (`/v1/admin/*`): main/backend/README.md "Admin area" lists what each needs. */
export const adminEndpoints = {
  me: endpoint({
    method: 'GET',
    path: '/v1/admin/me',
    auth: 'admin',
    response: z.object({ actor: z.string(), scope: z.string().nullable(), nodes: z.array(z.string()), permissions: z.array(z.enum(ADMIN_PERMISSIONS)), roles: z.array(z.string()) }),
    errors: refusals,
  }),
  events: endpoint({ method: 'GET', path: '/v1/admin/events', auth: 'admin', query: eventsQuery, response: z.object({ events: z.array(adminEvent), nextBefore: z.number().nullable() }), errors: refusals }),
  eventsCsv: endpoint({ method: 'GET', path: '/v1/admin/events.csv', auth: 'admin', query: csvQuery, response: 'text', errors: refusals }),
  users: endpoint({
    method: 'GET',
    path: '/v1/admin/users',
    auth: 'admin',
    query: usersQuery,
    response: z.object({ total: z.number(), offset: z.number(), limit: z.number(), users: z.array(userRow) }),
    errors: refusals,
  }),
  user: endpoint({
    method: 'GET',
    path: '/v1/admin/users/:id',
    auth: 'admin',
    params: userParams,
    response: z.object({ user: userRow, devices: z.array(device), recentEvents: z.array(adminEvent).nullable() }),
    errors: onUser,
  }),
  deactivate: endpoint({ method: 'POST', path: '/v1/admin/users/:id/deactivate', auth: 'admin', params: userParams, response: userRow, errors: onUser }),
  activate: endpoint({ method: 'POST', path: '/v1/admin/users/:id/activate', auth: 'admin', params: userParams, response: userRow, errors: onUser }),
  resetSecondFactor: endpoint({ method: 'POST', path: '/v1/admin/users/:id/reset-second-factor', auth: 'admin', params: userParams, response: userRow, errors: onUser }),
  placeUser: endpoint({ method: 'PATCH', path: '/v1/admin/users/:id', auth: 'admin', params: userParams, body: placeBody, response: userRow, errors: onUser }),
  removeDevice: endpoint({ method: 'DELETE', path: '/v1/admin/users/:id/devices/:deviceId', auth: 'admin', params: deviceParams, response: z.object({ devices: z.array(device) }), errors: onUser }),
  rollout: endpoint({ method: 'GET', path: '/v1/admin/rollout', auth: 'admin', response: z.object({ total: funnel, nodes: z.array(z.object({ node: z.string(), funnel })) }), errors: refusals }),
  stuck: endpoint({
    method: 'GET',
    path: '/v1/admin/rollout/stuck',
    auth: 'admin',
    query: stuckQuery,
    response: z.object({
      total: z.number(),
      people: z.array(z.looseObject({ id: z.string(), email: z.string(), node: z.string(), role: z.string(), stage: stuckStage, since: z.string() })),
      offset: z.number(),
      limit: z.number(),
    }),
    errors: refusals,
  }),
  /** The tenant file re-checked as a restart would (issues only for an administrator of the whole tenant). */
  config: endpoint({
    method: 'GET',
    path: '/v1/admin/config',
    auth: 'admin',
    response: z.object({
      file: z.string(),
      loadedAt: z.string(),
      state: z.enum(['valid', 'invalid', 'not_a_file']),
      issueCount: z.number(),
      issues: z.array(z.object({ path: z.string(), reason: z.string() })).nullable(),
    }),
    errors: refusals,
  }),
  /** Delivery status per webhook receiver of the tenant file (main/backend/webhooks/). */
  webhooks: endpoint({ method: 'GET', path: '/v1/admin/webhooks', auth: 'admin', response: z.object({ webhooks: z.array(webhook) }), errors: refusals }),
  /** Delivery status per syslog collector of the tenant file (main/backend/syslog/). */
  syslog: endpoint({ method: 'GET', path: '/v1/admin/syslog', auth: 'admin', response: z.object({ syslog: z.array(syslogDestination) }), errors: refusals }),
  connections: endpoint({ method: 'GET', path: '/v1/admin/connections', auth: 'admin', response: z.object({ connections: z.array(connection) }), errors: refusals }),
  /** Starts a test sign-in of one connection (signs nobody in; main/backend/admin/connection-test.ts). */
  testConnection: endpoint({
    method: 'POST',
    path: '/v1/admin/connections/:id/tests',
    auth: 'admin',
    params: connectionParams,
    body: z.object({ redirectUri: z.string().min(1).max(2048) }).strict(),
    response: z.object({ testId: z.string(), protocol: z.enum(['saml', 'oidc']), authorizationUrl: z.string(), expiresAt: z.string() }),
    errors: [...refusals, 'not_found', 'backend_unreachable'],
  }),
  /** The IdP's answer to a test sign-in, relayed by the administrator who started it: every check's result. */
  completeConnectionTest: endpoint({
    method: 'POST',
    path: '/v1/admin/connection-tests/:testId',
    auth: 'admin',
    params: testParams,
    body: testAnswer,
    response: testReport,
    errors: [...refusals, 'not_found', 'transaction_not_found', 'transaction_expired', 'backend_unreachable'],
  }),
} as const;
