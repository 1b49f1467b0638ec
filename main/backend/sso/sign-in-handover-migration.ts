import type { Kysely, Migration } from 'kysely';

/**
 * sign_in_handovers: an identity the backend has checked (an IdP-initiated SAML response) that
 * is waiting for the desktop app to turn it into a session. Only the SHA-256 of the one-time
 * code is stored; a row is used once (consumed_at) and lives a few minutes. Portable SQL only.
 */
export const SIGN_IN_HANDOVER_MIGRATION_NAME = '0007_sign_in_handover';

export const signInHandoverMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('sign_in_handovers')
      .addColumn('code_hash', 'text', (c) => c.primaryKey())
      .addColumn('connection_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('consumed_at', 'text')
      .execute();
    await db.schema.createIndex('sign_in_handovers_expires').on('sign_in_handovers').column('expires_at').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('sign_in_handovers').execute();
  },
};
