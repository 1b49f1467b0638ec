import type { Kysely, Migration } from 'kysely';

/**
 * The two tables the two-factor services add to the backend core's schema (which already has
 * two_factor_totp, two_factor_webauthn, two_factor_backup_codes and
 * two_factor_remembered_devices). Portable SQL only: it runs on SQLite and PostgreSQL.
 *
 * - two_factor_challenges: WebAuthn challenges and pending TOTP enrolments, server-side with an
 *   expiry and single use (WebAuthn §13.4.3: the challenge must be generated and checked by the
 *   relying party); one live row per user and purpose.
 * - two_factor_failures: failed proofs, to throttle guessing (RFC 4226 §7.3).
 */
export const TWO_FACTOR_MIGRATION_NAME = '0002_two_factor_challenges';

export const twoFactorMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('two_factor_challenges')
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('purpose', 'text', (c) => c.notNull())
      .addColumn('challenge', 'text', (c) => c.notNull())
      .addColumn('rp_id', 'text')
      .addColumn('origin', 'text')
      .addColumn('payload', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('two_factor_challenges_pk', ['user_id', 'purpose'])
      .execute();

    await db.schema
      .createTable('two_factor_failures')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('two_factor_failures_user_at').on('two_factor_failures').columns(['user_id', 'at']).execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('two_factor_failures').execute();
    await db.schema.dropTable('two_factor_challenges').execute();
  },
};
