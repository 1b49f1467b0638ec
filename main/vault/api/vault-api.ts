import type { z } from 'zod';
import type { remoteRecordSchema, vaultKeysSchema, vaultSnapshotSchema } from '../../api/endpoints/vault';

/**
 * The device's view of the backend's encrypted vault storage (`/v1/vault*`, described in
 * main/api/endpoints/vault.ts). The backend sees only envelopes, ids, revisions and the deleted flag.
 *
 * Revision rules (what every implementation enforces):
 * - the vault has one revision counter; each successful PUT raises it by one and stamps every
 *   record it touched with the new value;
 * - a change's `baseRevision` must equal the record's current revision (`null` = "new record,
 *   must not exist yet"); if any change in the PUT is stale, nothing is applied and the answer
 *   is a conflict listing the current server state of the stale records (a PUT is atomic).
 */
export type RemoteRecord = z.output<typeof remoteRecordSchema>;
export type VaultKeys = z.output<typeof vaultKeysSchema>;
export type VaultSnapshot = z.output<typeof vaultSnapshotSchema>;

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
