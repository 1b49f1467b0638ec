import type { Kysely, Migration } from 'kysely';

export const CONNECTION_TEST_MIGRATION_NAME = '0011_connection_tests';

/**
 * connection_tests: an administrator's test sign-in (admin/connection-test.ts), kept apart from
 * login_transactions so that no sign-in endpoint can ever complete one into a session. `owner`
 * ties it to who started it (`user:<id>`, or `token`); used once (consumed_at), ten minutes.
 * Portable SQL only.
 */
export const connectionTestMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('connection_tests')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('connection_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('owner', 'text', (c) => c.notNull())
      .addColumn('state', 'text')
      .addColumn('nonce', 'text')
      .addColumn('pkce_verifier', 'text')
      .addColumn('saml_request_id', 'text')
      .addColumn('redirect_uri', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('consumed_at', 'text')
      .execute();
    await db.schema.createIndex('connection_tests_expires').on('connection_tests').column('expires_at').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('connection_tests').execute();
  },
};
