import { AppError } from '../errors/app-error';
import type { RemoteRecord } from './api/vault-api';
import { openRecord, sealRecord } from './crypto/record-envelope';
import { vaultRecordSchema } from '../shared/vault-record-schema';
import type { VaultRecord } from './record';
import { isStoredRecord } from './stored-record-check';
import { createRecordIndex, type RecordIndex } from './search/record-pages';

/**
 * One record as the unlocked device knows it. `record` is the clear content (also kept for
 * deleted records, so "undo" works); `error` is set instead when the envelope failed its
 * integrity check, so one damaged record does not lock the user out of the others.
 */
export interface SessionEntry {
  readonly revision: number;
  readonly deleted: boolean;
  readonly envelope: string | null;
  readonly record: VaultRecord | null;
  readonly error: AppError | null;
}

/** Everything an unlocked vault holds in memory; zeroed and dropped by `closeSession`. */
export interface VaultSession {
  readonly dataKey: Buffer;
  readonly privateKey: Buffer;
  readonly publicKey: string;
  readonly deviceId: string;
  /** Pull watermark: every server change up to this revision has been applied. */
  revision: number;
  readonly entries: Map<string, SessionEntry>;
  index: RecordIndex | null;
}

export interface DamagedRecord {
  readonly id: string;
  readonly message: string;
}

export function openSession(init: { dataKey: Buffer; privateKey: Buffer; publicKey: string; deviceId: string; revision: number }): VaultSession {
  return { ...init, entries: new Map(), index: null };
}

export function closeSession(session: VaultSession): void {
  session.dataKey.fill(0);
  session.privateKey.fill(0);
  session.entries.clear();
  session.index = null;
}

/** Decrypts a server row into an entry; integrity failures are recorded, not thrown. */
export function decryptRemote(session: VaultSession, remote: RemoteRecord): SessionEntry {
  const { revision, deleted, envelope } = remote;
  if (envelope === null) return { revision, deleted, envelope, record: null, error: null };
  try {
    return { revision, deleted, envelope, record: decryptRecord(session.dataKey, remote.id, envelope), error: null };
  } catch (error) {
    if (error instanceof AppError) return { revision, deleted, envelope, record: null, error };
    throw error;
  }
}

export function applyRemote(session: VaultSession, remote: RemoteRecord): void {
  session.entries.set(remote.id, decryptRemote(session, remote));
  session.index = null;
}

// loose(): fields written by a newer app version survive a round trip through this one.
// Built once: zod compiles a schema on first use, so a per-call .loose() would recompile 10k times.
const storedRecordSchema = vaultRecordSchema.loose();

export function decryptRecord(dataKey: Uint8Array, id: string, envelope: string): VaultRecord {
  const clear = openRecord(dataKey, id, envelope);
  let parsed: VaultRecord;
  try {
    const json: unknown = JSON.parse(clear.toString('utf8'));
    parsed = isStoredRecord(json) ? json : storedRecordSchema.parse(json);
  } catch (cause) {
    throw new AppError('internal', `Record ${id} is in a format this version of Keyhaven cannot read.`, { cause });
  } finally {
    clear.fill(0);
  }
  // The id inside must match the id it is filed under; the envelope's associated data already
  // guarantees this unless the writer itself was faulty.
  if (parsed.id !== id) throw new AppError('tampered', `Record ${id} contains a different record (${parsed.id}).`);
  return parsed;
}

export function encryptRecord(dataKey: Uint8Array, record: VaultRecord): string {
  return sealRecord(dataKey, record.id, JSON.stringify(record));
}

export function liveRecords(session: VaultSession): VaultRecord[] {
  const out: VaultRecord[] = [];
  for (const entry of session.entries.values()) if (!entry.deleted && entry.record !== null) out.push(entry.record);
  return out;
}

export function damagedRecords(session: VaultSession): DamagedRecord[] {
  const out: DamagedRecord[] = [];
  for (const [id, entry] of session.entries) {
    if (!entry.deleted && entry.error !== null) out.push({ id, message: entry.error.publicMessage });
  }
  return out;
}

export function searchIndex(session: VaultSession): RecordIndex {
  session.index ??= createRecordIndex(liveRecords(session));
  return session.index;
}
