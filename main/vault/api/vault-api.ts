import { z } from 'zod';

/**
 * The device's view of the backend's encrypted vault storage (`/v1/vault*`). The backend sees
 * only envelopes, ids, revisions and the deleted flag.
 *
 * Revision rules (what every implementation enforces):
 * - the vault has one revision counter; each successful PUT raises it by one and stamps every
 *   record it touched with the new value;
 * - a change's `baseRevision` must equal the record's current revision (`null` = "new record,
 *   must not exist yet"); if any change in the PUT is stale, nothing is applied and the answer
 *   is a conflict listing the current server state of the stale records (a PUT is atomic).
 */
export const remoteRecordSchema = z
  .object({
    id: z.string().min(1),
    revision: z.number().int().nonnegative(),
    envelope: z.string().nullable(),
    deleted: z.boolean(),
  })
  .strict();
export type RemoteRecord = z.infer<typeof remoteRecordSchema>;

export const vaultKeysSchema = z
  .object({
    deviceId: z.string().min(1),
    wrappedDataKey: z.string().nullable(),
    passwordWrappedDataKey: z.string().nullable(),
    publicKey: z.string().min(1),
    wrappedPrivateKey: z.string().min(1),
  })
  .strict();
export type VaultKeys = z.infer<typeof vaultKeysSchema>;

export const vaultSnapshotSchema = z
  .object({
    exists: z.boolean(),
    revision: z.number().int().nonnegative(),
    keys: vaultKeysSchema.nullable(),
    records: z.array(remoteRecordSchema),
  })
  .strict();
export type VaultSnapshot = z.infer<typeof vaultSnapshotSchema>;

export interface CreateVaultRequest {
  readonly deviceId: string;
  readonly wrappedDataKey: string;
  readonly passwordWrappedDataKey?: string;
  readonly publicKey: string;
  readonly wrappedPrivateKey: string;
}

export interface RegisterDeviceKeyRequest {
  readonly deviceId: string;
  readonly wrappedDataKey: string;
}

export interface RecordChange {
  readonly id: string;
  readonly envelope?: string;
  readonly deleted?: boolean;
  readonly baseRevision: number | null;
}

export const putAppliedSchema = z
  .object({
    revision: z.number().int().nonnegative(),
    records: z.array(z.object({ id: z.string(), revision: z.number().int().nonnegative() }).strict()),
  })
  .strict();

export type PutRecordsResult =
  | { readonly kind: 'applied'; readonly revision: number; readonly records: readonly { id: string; revision: number }[] }
  | { readonly kind: 'stale'; readonly current: readonly RemoteRecord[] };

export interface VaultApi {
  /** Without `since`: everything. With it: only records whose revision is greater. */
  getVault(options?: { since?: number }): Promise<VaultSnapshot>;
  /** Throws AppError('vault_exists') when the user already has a vault. */
  createVault(request: CreateVaultRequest): Promise<void>;
  registerDeviceKey(request: RegisterDeviceKeyRequest): Promise<void>;
  putRecords(changes: readonly RecordChange[]): Promise<PutRecordsResult>;
  /** Replaces the password-wrapped data key on every device row; `expected` is the copy it replaces. */
  replacePasswordKey(change: { readonly expected: string; readonly next: string }): Promise<void>;
}
