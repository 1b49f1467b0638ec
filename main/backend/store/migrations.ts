import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { TWO_FACTOR_MIGRATION_NAME, twoFactorMigration } from '../two-factor/two-factor-migration';
import { SIGN_IN_HANDOVER_MIGRATION_NAME, signInHandoverMigration } from '../sso/sign-in-handover-migration';
import { SECURITY_HARDENING_MIGRATION_NAME, securityHardeningMigration } from './security-hardening-migration';
import { DEVICES_MIGRATION_NAME, devicesMigration } from '../devices/devices-migration';
import { SCIM_MIGRATION_NAME, scimMigration } from '../scim/scim-migration';
import { ADMIN_MIGRATION_NAME, adminMigration } from '../admin/admin-migration';
import { WEBHOOKS_MIGRATION_NAME, webhooksMigration } from '../webhooks/webhooks-migration';
import { RECOVERY_MIGRATION_NAME, recoveryMigration } from '../devices/recovery-migration';
import { CONNECTION_TEST_MIGRATION_NAME, connectionTestMigration } from '../admin/connection-test-migration';
import { ADMIN_SEARCH_MIGRATION_NAME, adminSearchMigration } from '../admin/admin-search-migration';
import { OUTBOX_DESTINATIONS_MIGRATION_NAME, outboxDestinationsMigration } from '../syslog/syslog-migration';
import type { StoreDialect } from './store';

/**
 * In-code migrations, valid on SQLite and PostgreSQL alike. Append only: never edit a
 * migration that has shipped, add a new one.
 */
export function createMigrationProvider(dialect: StoreDialect): MigrationProvider {
  const migrations: Record<string, Migration> = {
    '0001_initial': { up: (db) => initial(db, dialect) },
    // In main/backend/two-factor/ (challenges, failure throttling).
    [TWO_FACTOR_MIGRATION_NAME]: twoFactorMigration,
    // Rate-limit counters, remembered-device secrets.
    [SECURITY_HARDENING_MIGRATION_NAME]: securityHardeningMigration,
    // In main/backend/scim/ (invited users, SCIM attributes, groups).
    [SCIM_MIGRATION_NAME]: scimMigration(dialect),
    // In main/backend/devices/ (device keys, approval requests, push events).
    [DEVICES_MIGRATION_NAME]: { up: (db) => devicesMigration(db, dialect) },
    // In main/backend/admin/ (audit email/IP columns, admin query indexes).
    [ADMIN_MIGRATION_NAME]: adminMigration,
    // In main/backend/sso/ (IdP-initiated sign-in handed over to the app).
    [SIGN_IN_HANDOVER_MIGRATION_NAME]: signInHandoverMigration,
    // In main/backend/webhooks/ (hook subscriptions, the delivery outbox).
    [WEBHOOKS_MIGRATION_NAME]: webhooksMigration,
    // Owned by main/backend/devices/ (recovery key, its grants and enrolments, vault archives).
    [RECOVERY_MIGRATION_NAME]: recoveryMigration,
    // In main/backend/admin/ (administrators' test sign-ins).
    [CONNECTION_TEST_MIGRATION_NAME]: connectionTestMigration,
    // In main/backend/admin/ (people search by prefix, security keys by user).
    [ADMIN_SEARCH_MIGRATION_NAME]: adminSearchMigration(dialect),
    // In main/backend/syslog/ (a lease per destination delivered in order).
    [OUTBOX_DESTINATIONS_MIGRATION_NAME]: outboxDestinationsMigration,
  };
  return { getMigrations: async () => migrations };
}

async function initial(db: Kysely<unknown>, dialect: StoreDialect): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('node', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'deactivated')`))
    .addColumn('connection_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('devices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('device_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('second_factor_verified_at', 'text')
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('login_transactions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('connection_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('state', 'text')
    .addColumn('nonce', 'text')
    .addColumn('pkce_verifier', 'text')
    .addColumn('saml_request_id', 'text')
    .addColumn('redirect_uri', 'text', (c) => c.notNull())
    .addColumn('device_json', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('consumed_at', 'text')
    .execute();
  await db.schema.createIndex('login_transactions_expires').on('login_transactions').column('expires_at').execute();

  await db.schema
    .createTable('saml_replay')
    .addColumn('assertion_id', 'text', (c) => c.primaryKey())
    .addColumn('connection_id', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('audit_events')
    .addColumn('seq', dialect === 'postgres' ? 'serial' : 'integer', (c) =>
      dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('connection_id', 'text')
    .addColumn('reason', 'text')
    .addColumn('details_json', 'text')
    .execute();

  await db.schema
    .createTable('onboarding_progress')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('onboarding_progress_pk', ['user_id', 'step'])
    .execute();

  await db.schema
    .createTable('vault')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('vault_keys')
    .addColumn('user_id', 'text', (c) => c.notNull().references('vault.user_id').onDelete('cascade'))
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('wrapped_data_key', 'text', (c) => c.notNull())
    .addColumn('password_wrapped_data_key', 'text')
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('wrapped_private_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('vault_keys_pk', ['user_id', 'device_id'])
    .execute();

  await db.schema
    .createTable('vault_records')
    .addColumn('user_id', 'text', (c) => c.notNull().references('vault.user_id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('envelope', 'text', (c) => c.notNull())
    .addColumn('deleted', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('vault_records_pk', ['user_id', 'id'])
    .execute();
  await db.schema.createIndex('vault_records_rev').on('vault_records').columns(['user_id', 'revision']).execute();

  await db.schema
    .createTable('two_factor_totp')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('secret_ciphertext', 'text', (c) => c.notNull())
    .addColumn('confirmed', 'integer', (c) => c.notNull())
    .addColumn('last_used_step', 'bigint')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('two_factor_webauthn')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('counter', 'bigint', (c) => c.notNull())
    .addColumn('transports', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('two_factor_backup_codes')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addPrimaryKeyConstraint('two_factor_backup_codes_pk', ['user_id', 'code_hash'])
    .execute();

  await db.schema
    .createTable('two_factor_remembered_devices')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('until', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('two_factor_remembered_devices_pk', ['user_id', 'device_id'])
    .execute();
}
