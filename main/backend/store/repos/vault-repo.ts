import type { Kysely, Selectable } from 'kysely';
import type { Database, VaultKeysTable, VaultRecordsTable } from '../database-schema';
import type { ApplyChangesResult, VaultKeysRow, VaultRecordRow, VaultRepo } from '../store';

const toKeys = (r: Selectable<VaultKeysTable>): VaultKeysRow => ({
  deviceId: r.device_id,
  wrappedDataKey: r.wrapped_data_key,
  passwordWrappedDataKey: r.password_wrapped_data_key,
  publicKey: r.public_key,
  wrappedPrivateKey: r.wrapped_private_key,
});

const toRecord = (r: Selectable<VaultRecordsTable>): VaultRecordRow => ({
  id: r.id,
  revision: Number(r.revision),
  envelope: r.envelope,
  deleted: Number(r.deleted) === 1,
});

class StaleChanges extends Error {
  constructor(readonly current: VaultRecordRow[]) {
    super('stale');
  }
}

/**
 * Encrypted vault storage. The backend sees envelopes (ciphertext) and revisions only.
 * `applyChanges` expects to run inside `Store.transaction` (see kysely-store.ts), so the
 * vault row update below serialises concurrent writers of one vault.
 */
export function createVaultRepo(db: Kysely<Database>, inTransaction: <T>(fn: (db: Kysely<Database>) => Promise<T>) => Promise<T>): VaultRepo {
  const keysRow = (userId: string, k: VaultKeysRow, now: Date) => ({
    user_id: userId,
    device_id: k.deviceId,
    wrapped_data_key: k.wrappedDataKey,
    password_wrapped_data_key: k.passwordWrappedDataKey,
    public_key: k.publicKey,
    wrapped_private_key: k.wrappedPrivateKey,
    created_at: now.toISOString(),
  });
  return {
    async create(userId, keys, now) {
      return inTransaction(async (tx) => {
        const created = await tx
          .insertInto('vault')
          .values({ user_id: userId, revision: 0, created_at: now.toISOString() })
          .onConflict((oc) => oc.column('user_id').doNothing())
          .returning('user_id')
          .executeTakeFirst();
        if (!created) return false;
        await tx.insertInto('vault_keys').values(keysRow(userId, keys, now)).execute();
        return true;
      });
    },
    async get(userId) {
      const r = await db.selectFrom('vault').selectAll().where('user_id', '=', userId).executeTakeFirst();
      return r && { revision: Number(r.revision), createdAt: new Date(r.created_at) };
    },
    async keysFor(userId, deviceId) {
      const r = await db.selectFrom('vault_keys').selectAll().where('user_id', '=', userId).where('device_id', '=', deviceId).executeTakeFirst();
      return r && toKeys(r);
    },
    async listKeys(userId) {
      const rows = await db.selectFrom('vault_keys').selectAll().where('user_id', '=', userId).orderBy('created_at').execute();
      return rows.map(toKeys);
    },
    async putKeys(userId, keys, now) {
      const vault = await db.selectFrom('vault').select('user_id').where('user_id', '=', userId).executeTakeFirst();
      if (!vault) return false;
      const row = keysRow(userId, keys, now);
      await db
        .insertInto('vault_keys')
        .values(row)
        .onConflict((oc) =>
          oc.columns(['user_id', 'device_id']).doUpdateSet({
            wrapped_data_key: row.wrapped_data_key,
            password_wrapped_data_key: row.password_wrapped_data_key,
            public_key: row.public_key,
            wrapped_private_key: row.wrapped_private_key,
          }),
        )
        .execute();
      return true;
    },
    async records(userId, sinceRevision) {
      const rows = await db
        .selectFrom('vault_records')
        .selectAll()
        .where('user_id', '=', userId)
        .where('revision', '>', sinceRevision)
        .orderBy('revision')
        .orderBy('id')
        .execute();
      return rows.map(toRecord);
    },
    async applyChanges(userId, changes, now): Promise<ApplyChangesResult> {
      try {
        return await inTransaction(async (tx) => {
          // Bump first: the row lock orders concurrent writers (PostgreSQL) before they read.
          const bumped = await tx
            .updateTable('vault')
            .set((eb) => ({ revision: eb('revision', '+', 1) }))
            .where('user_id', '=', userId)
            .returning('revision')
            .executeTakeFirst();
          if (!bumped) return { kind: 'no_vault' } as const;
          const revision = Number(bumped.revision);
          const ids = changes.map((c) => c.id);
          const existing = ids.length === 0 ? [] : await tx.selectFrom('vault_records').selectAll().where('user_id', '=', userId).where('id', 'in', ids).execute();
          const byId = new Map(existing.map((r) => [r.id, toRecord(r)]));
          const stale = changes.filter((c) => (byId.get(c.id)?.revision ?? null) !== c.baseRevision);
          if (stale.length > 0) {
            throw new StaleChanges(stale.flatMap((c) => byId.get(c.id) ?? []));
          }
          for (const c of changes) {
            const prev = byId.get(c.id);
            const deleted = c.deleted === true ? 1 : 0;
            const envelope = c.envelope ?? (deleted === 1 ? '' : (prev?.envelope ?? ''));
            const values = { user_id: userId, id: c.id, revision, envelope, deleted, updated_at: now.toISOString() };
            if (prev) await tx.updateTable('vault_records').set(values).where('user_id', '=', userId).where('id', '=', c.id).execute();
            else await tx.insertInto('vault_records').values(values).execute();
          }
          return { kind: 'applied', vaultRevision: revision, records: changes.map((c) => ({ id: c.id, revision })) } as const;
        });
      } catch (err) {
        if (err instanceof StaleChanges) return { kind: 'stale', current: err.current };
        throw err;
      }
    },
  };
}
