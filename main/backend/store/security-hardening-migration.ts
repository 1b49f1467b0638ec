import { sql, type Kysely, type Migration } from 'kysely';

export const SECURITY_HARDENING_MIGRATION_NAME = '0003_security_hardening';

/**
 * - rate_limit_counters: fixed-window counters shared by every backend instance on the
 *   database (HTTP rate limits and the two-factor lockout), changed only by one atomic upsert.
 * - two_factor_remembered_devices.secret_hash: a remembered device is proven by a server-issued
 *   secret, not by the device id the client states. Rows made before that carry no secret and
 *   are deleted: they would otherwise keep trusting a claimable id.
 * - two_factor_failures goes: its count-then-insert could not be made atomic; the lockout now
 *   counts in rate_limit_counters.
 */
export const securityHardeningMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('rate_limit_counters')
      .addColumn('counter_key', 'text', (c) => c.primaryKey())
      .addColumn('hits', 'integer', (c) => c.notNull())
      .addColumn('window_ends_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('rate_limit_counters_window').on('rate_limit_counters').column('window_ends_at').execute();

    await sql`delete from two_factor_remembered_devices`.execute(db);
    await db.schema.alterTable('two_factor_remembered_devices').addColumn('secret_hash', 'text').execute();

    await db.schema.dropTable('two_factor_failures').execute();
  },
};
