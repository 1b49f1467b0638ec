import { z } from 'zod';
import { endpoint } from '../endpoint';

const idParams = z.object({ id: z.string().min(1).max(128).regex(/^[\w.:-]+$/) }).strict();
/** ECDH P-256, SPKI DER base64url (the backend checks the key itself: main/backend/devices/public-key.ts). */
const publicKeyBody = z.object({ publicKey: z.string().min(1).max(512) }).strict();
const ok = z.object({ ok: z.literal(true) });

export const deviceViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  platform: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  /** The vault holds a data key wrapped for this device. */
  trusted: z.boolean(),
  hasPublicKey: z.boolean(),
  /** Not a secret: key rotation wraps the new data key to it. */
  publicKey: z.string().nullable(),
});

export const approvalRequestSchema = z.object({
  id: z.string(),
  deviceId: z.string(),
  deviceName: z.string(),
  platform: z.string(),
  publicKey: z.string(),
  ip: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
});
export type ApprovalRequestView = z.output<typeof approvalRequestSchema>;

export const approvalOutcomeSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('pending'), seen: z.boolean(), expiresAt: z.string() }),
  z.object({ status: z.literal('approved'), approval: z.string(), approverDeviceId: z.string() }),
  z.object({ status: z.literal('denied'), reason: z.enum(['denied', 'wrong_phrase']) }),
  z.object({ status: z.literal('expired') }),
]);

const sessionRefusals = ['unauthorized', 'session_expired', 'two_factor_required', 'ip_not_allowed', 'user_deactivated'] as const;
const answerRefusals = [...sessionRefusals, 'device_not_trusted', 'approval_request_not_found', 'approval_wrong_user', 'approval_expired', 'approval_already_used'] as const;

/** Devices and approval requests (`/v1/devices*`); main/backend/README.md "Devices, approvals and the push channel". */
export const deviceEndpoints = {
  list: endpoint({
    method: 'GET',
    path: '/v1/devices',
    auth: 'session',
    response: z.object({ devices: z.array(deviceViewSchema.extend({ current: z.boolean() })) }),
    errors: sessionRefusals,
  }),
  setPublicKey: endpoint({ method: 'PUT', path: '/v1/devices/current/public-key', auth: 'session', body: publicKeyBody, response: ok, errors: [...sessionRefusals, 'not_found'] }),
  remove: endpoint({ method: 'DELETE', path: '/v1/devices/:id', auth: 'session', params: idParams, response: ok, errors: [...sessionRefusals, 'device_not_trusted', 'conflict', 'not_found'] }),
  requestApproval: endpoint({
    method: 'POST',
    path: '/v1/devices/approval-requests',
    auth: 'session',
    body: publicKeyBody,
    status: 201,
    // approvers: the trusted devices; masterPassword, recovery: the other ways in, so the device can say when nobody can approve it.
    response: approvalRequestSchema.extend({
      approvers: z.array(z.object({ name: z.string(), platform: z.string(), lastSeenAt: z.string() })),
      masterPassword: z.boolean(),
      recovery: z.boolean(),
    }),
    errors: [...sessionRefusals, 'not_found', 'conflict', 'vault_not_found'],
  }),
  pendingApprovals: endpoint({
    method: 'GET',
    path: '/v1/devices/approval-requests',
    auth: 'session',
    response: z.object({ requests: z.array(approvalRequestSchema) }),
    errors: [...sessionRefusals, 'device_not_trusted'],
  }),
  /** The requesting device reads its own request; an approval is handed out once. */
  approvalOutcome: endpoint({ method: 'GET', path: '/v1/devices/approval-requests/:id', auth: 'session', params: idParams, response: approvalOutcomeSchema, errors: answerRefusals }),
  markApprovalSeen: endpoint({ method: 'POST', path: '/v1/devices/approval-requests/:id/seen', auth: 'session', params: idParams, response: ok, errors: answerRefusals }),
  approve: endpoint({
    method: 'POST',
    path: '/v1/devices/approval-requests/:id/approve',
    auth: 'session',
    params: idParams,
    // The data key wrapped to the request's public key (main/vault/crypto/device-approval.ts), opaque here.
    body: z.object({ approval: z.string().min(1).max(2048).regex(/^[\x20-\x7e]+$/) }).strict(),
    response: ok,
    errors: answerRefusals,
  }),
  deny: endpoint({
    method: 'POST',
    path: '/v1/devices/approval-requests/:id/deny',
    auth: 'session',
    params: idParams,
    body: z.object({ reason: z.enum(['denied', 'wrong_phrase']).default('denied') }).strict(),
    response: ok,
    errors: answerRefusals,
  }),
} as const;
