import { z } from 'zod';
import { endpoint } from '../endpoint';

const envelope = (max: number) => z.string().min(1).max(max).regex(/^[\x20-\x7e]+$/, 'must be printable ASCII');
const fingerprint = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits');
const idParams = z.object({ id: z.string().min(1).max(128).regex(/^[\w.:-]+$/) }).strict();
const ok = z.object({ ok: z.literal(true) });

/** The organisation's recovery public key, with the tenant config's pin (null when not pinned yet). */
const recoveryKeyView = z.object({ publicKey: z.string(), fingerprint: z.string(), pinned: z.string().nullable(), createdAt: z.string() });
const recoveryAdmin = z.object({ userId: z.string(), email: z.string(), publicKey: z.string().nullable(), granted: z.boolean() });
export const recoveryStatusSchema = z.object({ key: recoveryKeyView.nullable(), myGrant: z.string().nullable(), me: z.string(), admins: z.array(recoveryAdmin) });
export type RecoveryStatus = z.output<typeof recoveryStatusSchema>;

export const adminRequestSchema = z.object({
  id: z.string(),
  userId: z.string(),
  email: z.string(),
  node: z.string(),
  deviceId: z.string(),
  deviceName: z.string(),
  platform: z.string(),
  ip: z.string(),
  publicKey: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  /** The person's vault holds a recovery copy of its data key (else an administrator cannot approve). */
  recoveryEnrolled: z.boolean(),
});
export type AdminRequestView = z.output<typeof adminRequestSchema>;

const signedIn = ['unauthorized', 'session_expired', 'two_factor_required', 'ip_not_allowed'] as const;
const adminInPerson = [...signedIn, 'forbidden', 'rate_limited'] as const;
const answering = [...adminInPerson, 'approval_request_not_found', 'approval_expired', 'approval_already_used', 'recovery_not_enrolled', 'recovery_key_not_granted'] as const;

/** Account recovery (`/v1/recovery/key`, `/v1/vault/recovery`) and the administrator's side (main/backend/devices/recovery-routes.ts). */
export const recoveryEndpoints = {
  key: endpoint({ method: 'GET', path: '/v1/recovery/key', auth: 'session', response: recoveryKeyView.omit({ createdAt: true }), errors: [...signedIn, 'recovery_key_not_set_up'] }),
  vaultStatus: endpoint({
    method: 'GET',
    path: '/v1/vault/recovery',
    auth: 'session',
    response: z.object({ required: z.boolean(), enrolled: z.boolean(), fingerprint: z.string().nullable() }),
    errors: signedIn,
  }),
  /** Seals this vault's data key to the pinned recovery key (a trusted device only). */
  enrolVault: endpoint({
    method: 'PUT',
    path: '/v1/vault/recovery',
    auth: 'session',
    body: z.object({ fingerprint, wrappedDataKey: envelope(2048) }).strict(),
    response: ok,
    errors: [...signedIn, 'device_not_trusted', 'recovery_key_mismatch', 'recovery_key_not_set_up'],
  }),
  adminStatus: endpoint({ method: 'GET', path: '/v1/admin/recovery', auth: 'admin', response: recoveryStatusSchema, errors: adminInPerson }),
  /** The first administrator's device made the key pair; only the sealed private key is sent. */
  createKey: endpoint({
    method: 'POST',
    path: '/v1/admin/recovery/key',
    auth: 'admin',
    body: z.object({ publicKey: z.string().min(1).max(512), wrappedPrivateKey: envelope(4096) }).strict(),
    status: 201,
    response: recoveryKeyView,
    errors: [...adminInPerson, 'conflict', 'recovery_key_mismatch'],
  }),
  grant: endpoint({
    method: 'POST',
    path: '/v1/admin/recovery/grants',
    auth: 'admin',
    body: z.object({ userId: z.string().min(1).max(128), wrappedPrivateKey: envelope(4096) }).strict(),
    response: z.object({ admins: z.array(recoveryAdmin) }),
    errors: [...adminInPerson, 'not_found', 'recovery_key_not_set_up'],
  }),
  approvals: endpoint({ method: 'GET', path: '/v1/admin/approvals', auth: 'admin', response: z.object({ requests: z.array(adminRequestSchema) }), errors: adminInPerson }),
  /** What approving needs: the request, the recovery key, the vault's recovery copy and this administrator's grant. */
  approval: endpoint({
    method: 'GET',
    path: '/v1/admin/approvals/:id',
    auth: 'admin',
    params: idParams,
    response: z.object({
      request: adminRequestSchema,
      key: z.object({ publicKey: z.string(), fingerprint: z.string() }),
      recoveryWrappedDataKey: z.string(),
      myGrant: z.string(),
    }),
    errors: answering,
  }),
  approve: endpoint({ method: 'POST', path: '/v1/admin/approvals/:id/approve', auth: 'admin', params: idParams, body: z.object({ approval: envelope(2048) }).strict(), response: ok, errors: answering }),
  deny: endpoint({
    method: 'POST',
    path: '/v1/admin/approvals/:id/deny',
    auth: 'admin',
    params: idParams,
    body: z.object({ reason: z.enum(['denied', 'wrong_phrase']).default('denied') }).strict(),
    response: ok,
    errors: answering,
  }),
  resetVault: endpoint({
    method: 'POST',
    path: '/v1/admin/users/:id/reset-vault',
    auth: 'admin',
    params: idParams,
    body: z.object({ confirmEmail: z.string().min(1).max(320) }).strict(),
    response: z.object({ archiveId: z.string(), records: z.number(), purgeAfter: z.string() }),
    errors: [...adminInPerson, 'not_found', 'vault_not_found'],
  }),
} as const;
