import type { Kysely } from 'kysely';
import type { ConnectionTestsTable, Database } from '../store/database-schema';

export interface ConnectionTestRow {
  readonly id: string;
  readonly connectionId: string;
  readonly kind: 'oidc' | 'saml';
  readonly owner: string;
  readonly state: string | null;
  readonly nonce: string | null;
  readonly pkceVerifier: string | null;
  readonly samlRequestId: string | null;
  readonly redirectUri: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

const toRow = (r: ConnectionTestsTable): ConnectionTestRow => ({
  id: r.id,
  connectionId: r.connection_id,
  kind: r.kind,
  owner: r.owner,
  state: r.state,
  nonce: r.nonce,
  pkceVerifier: r.pkce_verifier,
  samlRequestId: r.saml_request_id,
  redirectUri: r.redirect_uri,
  createdAt: new Date(r.created_at),
  expiresAt: new Date(r.expires_at),
});

/** The `connection_tests` rows (migration 0011). */
export function createConnectionTestStore(db: Kysely<Database>) {
  return {
    async create(row: ConnectionTestRow): Promise<void> {
      await db
        .insertInto('connection_tests')
        .values({
          id: row.id,
          connection_id: row.connectionId,
          kind: row.kind,
          owner: row.owner,
          state: row.state,
          nonce: row.nonce,
          pkce_verifier: row.pkceVerifier,
          saml_request_id: row.samlRequestId,
          redirect_uri: row.redirectUri,
          created_at: row.createdAt.toISOString(),
          expires_at: row.expiresAt.toISOString(),
          consumed_at: null,
        })
        .execute();
    },
    /** Marks the test used and returns it, only to its owner and only once (a conditional update: instances may race). */
    async consume(id: string, owner: string, now: Date): Promise<ConnectionTestRow | undefined> {
      const r = await db
        .updateTable('connection_tests')
        .set({ consumed_at: now.toISOString() })
        .where('id', '=', id)
        .where('owner', '=', owner)
        .where('consumed_at', 'is', null)
        .returningAll()
        .executeTakeFirst();
      return r && toRow(r);
    },
    async deleteExpired(before: Date): Promise<void> {
      await db.deleteFrom('connection_tests').where('expires_at', '<', before.toISOString()).execute();
    },
  };
}
