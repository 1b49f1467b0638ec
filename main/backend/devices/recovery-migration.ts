import type { Kysely, Migration } from 'kysely';

/**
 * Account recovery and vault reset. Portable SQL: it runs on SQLite and PostgreSQL.
 *
 * - recovery_key: the organisation's recovery public key (one row, id 'org') and its fingerprint.
 *   The private key is made on the first administrator's device and exists here only in
 *   recovery_key_grants, sealed to each administrator's user public key.
 * - vault_recovery: a user's data key sealed to the recovery public key (one per vault).
 * - device_approval_requests.decided_by_admin_user_id: the administrator who answered.
 * - vault_archives / vault_archive_records: a reset vault's ciphertext, kept until purge_after.
 */
export const RECOVERY_MIGRATION_NAME = '0008_account_recovery';

export const recoveryMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('recovery_key')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('public_key', 'text', (c) => c.notNull())
      .addColumn('fingerprint', 'text', (c) => c.notNull())
      .addColumn('created_by_user_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('recovery_key_grants')
      .addColumn('admin_user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
      .addColumn('fingerprint', 'text', (c) => c.notNull())
      .addColumn('wrapped_private_key', 'text', (c) => c.notNull())
      .addColumn('granted_by_user_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('vault_recovery')
      .addColumn('user_id', 'text', (c) => c.primaryKey().references('vault.user_id').onDelete('cascade'))
      .addColumn('fingerprint', 'text', (c) => c.notNull())
      .addColumn('wrapped_data_key', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema.alterTable('device_approval_requests').addColumn('decided_by_admin_user_id', 'text').execute();

    await db.schema
      .createTable('vault_archives')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('revision', 'integer', (c) => c.notNull())
      .addColumn('keys_json', 'text', (c) => c.notNull())
      .addColumn('reset_by', 'text', (c) => c.notNull())
      .addColumn('reset_at', 'text', (c) => c.notNull())
      .addColumn('purge_after', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('vault_archives_purge').on('vault_archives').column('purge_after').execute();

    await db.schema
      .createTable('vault_archive_records')
      .addColumn('archive_id', 'text', (c) => c.notNull().references('vault_archives.id').onDelete('cascade'))
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('revision', 'integer', (c) => c.notNull())
      .addColumn('envelope', 'text', (c) => c.notNull())
      .addColumn('deleted', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('vault_archive_records_pk', ['archive_id', 'id'])
      .execute();
  },
};
