import type { Kysely } from 'kysely';
import type { Database, SignInHandoversTable } from '../store/database-schema';

export interface SignInHandoverRow {
  readonly codeHash: string;
  readonly connectionId: string;
  readonly userId: string;
  readonly email: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly consumedAt: Date | null;
}

export interface SignInHandoverRepository {
  create(row: Omit<SignInHandoverRow, 'consumedAt'>): Promise<void>;
  find(codeHash: string): Promise<SignInHandoverRow | undefined>;
  /** Marks the handover used; returns it only to the one caller that consumed it. */
  consume(codeHash: string, now: Date): Promise<SignInHandoverRow | undefined>;
  deleteExpired(before: Date): Promise<number>;
}

const toRow = (r: SignInHandoversTable): SignInHandoverRow => ({
  codeHash: r.code_hash,
  connectionId: r.connection_id,
  userId: r.user_id,
  email: r.email,
  createdAt: new Date(r.created_at),
  expiresAt: new Date(r.expires_at),
  consumedAt: r.consumed_at === null ? null : new Date(r.consumed_at),
});

export function createSignInHandoverRepository(db: Kysely<Database>): SignInHandoverRepository {
  return {
    async create(row) {
      await db
        .insertInto('sign_in_handovers')
        .values({
          code_hash: row.codeHash,
          connection_id: row.connectionId,
          user_id: row.userId,
          email: row.email,
          created_at: row.createdAt.toISOString(),
          expires_at: row.expiresAt.toISOString(),
          consumed_at: null,
        })
        .execute();
    },
    async find(codeHash) {
      const r = await db.selectFrom('sign_in_handovers').selectAll().where('code_hash', '=', codeHash).executeTakeFirst();
      return r && toRow(r);
    },
    async consume(codeHash, now) {
      // Conditional update: single use even when two instances race on the same code.
      const r = await db
        .updateTable('sign_in_handovers')
        .set({ consumed_at: now.toISOString() })
        .where('code_hash', '=', codeHash)
        .where('consumed_at', 'is', null)
        .returningAll()
        .executeTakeFirst();
      return r && toRow(r);
    },
    async deleteExpired(before) {
      const r = await db.deleteFrom('sign_in_handovers').where('expires_at', '<', before.toISOString()).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
