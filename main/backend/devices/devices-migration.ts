import { sql, type Kysely } from 'kysely';
import type { StoreDialect } from '../store/store';

/**
 * Device trust and the push channel. Portable SQL: it runs on SQLite and PostgreSQL.
 *
 * - devices.public_key: the device's ECDH P-256 public key (SPKI, base64url). The private half
 *   never leaves the device (OS keychain). A device is trusted when the vault holds a data key
 *   wrapped for it (vault_keys); that is derived, not stored, so the two can never disagree.
 * - push_events: per-user events, read by every backend instance (the fan-out across instances
 *   goes through the database). Rows are hints ("something changed"), never secrets.
 * - device_approval_requests: a new device asks a trusted one for the data key. The approval
 *   is the data key wrapped to the request's public key; nothing here opens a vault.
 */
export const DEVICES_MIGRATION_NAME = '0005_devices';

export async function devicesMigration(db: Kysely<unknown>, dialect: StoreDialect): Promise<void> {
  await db.schema.alterTable('devices').addColumn('public_key', 'text').execute();
  await db.schema.createIndex('devices_user').on('devices').column('user_id').execute();

  await db.schema
    .createTable('push_events')
    .addColumn('seq', dialect === 'postgres' ? 'bigserial' : 'integer', (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('payload_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('push_events_user_seq').on('push_events').columns(['user_id', 'seq']).execute();

  await db.schema
    .createTable('device_approval_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('device_name', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'approved', 'denied', 'consumed')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('seen_at', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decided_by_device_id', 'text')
    .addColumn('deny_reason', 'text')
    .addColumn('approval', 'text')
    .addColumn('consumed_at', 'text')
    .execute();
  await db.schema.createIndex('device_approval_requests_user').on('device_approval_requests').columns(['user_id', 'status']).execute();
}
