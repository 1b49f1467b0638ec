import { z } from 'zod';
import { endpoint } from '../endpoint';

// Opaque client-side ciphertext: the backend checks shape and size, never content.
const blob = (max: number) => z.string().min(1).max(max).regex(/^[\x20-\x7e]+$/, 'must be printable ASCII (base64 or JSON)');
const MAX_ENVELOPE = 64 * 1024;
const MAX_CHANGES = 500;
const MAX_ROTATED_RECORDS = 100_000;
/** Revisions are 32-bit integers in the store (PostgreSQL `integer`): a `since` past them is no revision at all. */
const MAX_REVISION = 2 ** 31 - 1;

/** A record as stored: an opaque envelope with its revision (the rules: main/vault/api/vault-api.ts). */
export const remoteRecordSchema = z.object({ id: z.string().min(1), revision: z.number().int().nonnegative(), envelope: z.string().nullable(), deleted: z.boolean() }).strict();

export const vaultKeysSchema = z
  .object({
    deviceId: z.string().min(1),
    wrappedDataKey: z.string().nullable(),
    passwordWrappedDataKey: z.string().nullable(),
    publicKey: z.string().min(1),
    wrappedPrivateKey: z.string().min(1),
  })
  .strict();

export const vaultSnapshotSchema = z.object({ exists: z.boolean(), revision: z.number().int().nonnegative(), keys: vaultKeysSchema.nullable(), records: z.array(remoteRecordSchema) }).strict();

const deviceId = z.string().min(8).max(128).regex(/^[\w.:-]+$/);
/** The first device's keys: its wrapped data key, the user's key pair, the password copy. */
export const vaultKeysBody = z
  .object({
    deviceId,
    wrappedDataKey: blob(4096),
    passwordWrappedDataKey: blob(4096).nullable().optional(),
    publicKey: blob(4096),
    wrappedPrivateKey: blob(8192),
  })
  .strict();
/** A further device registers only its own wrapped copy of the data key. */
export const deviceKeyBody = z.object({ deviceId, wrappedDataKey: blob(4096) }).strict();

const recordId = z.string().min(1).max(128).regex(/^[\w.:-]+$/);
const recordChange = z
  .object({ id: recordId, envelope: blob(MAX_ENVELOPE).optional(), deleted: z.boolean().optional(), baseRevision: z.number().int().min(0).nullable() })
  .strict()
  .refine((c) => c.deleted === true || c.envelope !== undefined, 'a change needs an envelope unless it deletes');
const changesBody = z
  .object({
    changes: z
      .array(recordChange)
      .min(1)
      .max(MAX_CHANGES)
      .refine((cs) => new Set(cs.map((c) => c.id)).size === cs.length, 'each record may appear once per request'),
  })
  .strict();

export const putAppliedSchema = z
  .object({ revision: z.number().int().nonnegative(), records: z.array(z.object({ id: z.string(), revision: z.number().int().nonnegative() }).strict()) })
  .strict();

const envelopeText = (max: number) => z.string().min(1).max(max).regex(/^[\x20-\x7e]+$/);
const rotateBody = z
  .object({
    fromRevision: z.number().int().min(0),
    recordKeys: z.array(z.object({ id: z.string().min(1).max(128), wrappedKey: envelopeText(512) }).strict()).max(MAX_ROTATED_RECORDS),
    deviceKeys: z.array(z.object({ deviceId: z.string().min(1).max(128), wrappedDataKey: envelopeText(2048) }).strict()).min(1).max(1_000),
    wrappedPrivateKey: envelopeText(8192),
    passwordWrappedDataKey: envelopeText(4096).nullable(),
    /** The new data key sealed to the recovery key, when the vault is enrolled for account recovery. */
    recoveryWrappedDataKey: envelopeText(2048).optional(),
  })
  .strict();

const sessionRefusals = ['unauthorized', 'session_expired', 'two_factor_required', 'ip_not_allowed'] as const;

/** Encrypted vault storage (`/v1/vault*`): the backend sees envelopes, ids and revisions only. */
export const vaultEndpoints = {
  /** Without `since`: everything; with it, only records whose revision is greater. */
  get: endpoint({
    method: 'GET',
    path: '/v1/vault',
    auth: 'session',
    query: z.object({ since: z.coerce.number().int().min(0).max(MAX_REVISION).default(0) }),
    response: vaultSnapshotSchema,
    errors: sessionRefusals,
  }),
  create: endpoint({
    method: 'POST',
    path: '/v1/vault',
    auth: 'session',
    body: vaultKeysBody,
    status: 201,
    response: z.object({ exists: z.literal(true), revision: z.literal(0) }),
    errors: [...sessionRefusals, 'vault_exists', 'forbidden'],
  }),
  /** Either the full keys (as create) or a further device's own wrapped data key. */
  registerDeviceKey: endpoint({
    method: 'POST',
    path: '/v1/vault/keys',
    auth: 'session',
    body: z.union([vaultKeysBody, deviceKeyBody]),
    response: z.object({ ok: z.literal(true) }),
    errors: [...sessionRefusals, 'vault_not_found', 'forbidden'],
  }),
  /** A new master password: the data key re-wrapped on the device, the copy replaced here. */
  replacePasswordKey: endpoint({
    method: 'PUT',
    path: '/v1/vault/password-key',
    auth: 'session',
    body: z.object({ expected: blob(4096), next: blob(4096) }).strict(),
    response: z.object({ ok: z.literal(true) }),
    errors: [...sessionRefusals, 'vault_not_found', 'conflict'],
  }),
  /** An export, announced (and audited) before the file is written on the device. */
  announceExport: endpoint({
    method: 'POST',
    path: '/v1/vault/exports',
    auth: 'session',
    body: z
      .object({ format: z.enum(['encrypted-json', 'csv']), items: z.number().int().min(0).max(10_000_000), reauth: z.enum(['master_password', 'sign_in']) })
      .strict(),
    response: z.object({ ok: z.literal(true) }),
    errors: [...sessionRefusals, 'export_not_allowed', 'reauthentication_required'],
  }),
  putRecords: endpoint({
    method: 'PUT',
    path: '/v1/vault/records',
    auth: 'session',
    body: changesBody,
    bodyLimit: MAX_CHANGES * (MAX_ENVELOPE + 512),
    response: putAppliedSchema,
    errors: [...sessionRefusals, 'vault_not_found', 'stale_revision'],
    refusal: { code: 'stale_revision', body: z.object({ current: z.array(remoteRecordSchema) }) },
  }),
  /** Key rotation after removing a device: one atomic change (main/backend/devices/rotation-store.ts). */
  rotate: endpoint({
    method: 'POST',
    path: '/v1/vault/rotate',
    auth: 'session',
    body: rotateBody,
    bodyLimit: 64 * 1024 * 1024,
    response: z.object({ revision: z.number().int().nonnegative(), records: z.number().int().nonnegative() }),
    errors: [...sessionRefusals, 'device_not_trusted', 'stale_revision', 'conflict', 'vault_not_found'],
  }),
} as const;
