import type { Kysely, Migration } from 'kysely';

export const WEBHOOKS_MIGRATION_NAME = '0010_webhooks';

/**
 * Event forwarding (webhooks/README.md). `webhook_subscriptions` mirrors the tenant file's
 * `webhooks[].events` (rewritten at start), so the audit insert can fan an event out to its
 * hooks with one INSERT … SELECT in the same transaction. `webhook_deliveries` is the outbox:
 * one row per (hook, event), holding the exact body to send, claimed by a worker with a lease.
 * Portable SQL only.
 */
export const webhooksMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('webhook_subscriptions')
      .addColumn('hook_id', 'text', (c) => c.notNull())
      .addColumn('event_type', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('webhook_subscriptions_pk', ['hook_id', 'event_type'])
      .execute();
    await db.schema.createIndex('webhook_subscriptions_type').on('webhook_subscriptions').column('event_type').execute();

    await db.schema
      .createTable('webhook_deliveries')
      .addColumn('hook_id', 'text', (c) => c.notNull())
      .addColumn('event_id', 'text', (c) => c.notNull())
      .addColumn('event_type', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('next_attempt_at', 'text', (c) => c.notNull())
      .addColumn('lease_owner', 'text')
      .addColumn('lease_until', 'text')
      .addColumn('last_attempt_at', 'text')
      .addColumn('last_status', 'integer')
      .addColumn('last_error', 'text')
      .addColumn('delivered_at', 'text')
      .addPrimaryKeyConstraint('webhook_deliveries_pk', ['hook_id', 'event_id'])
      .execute();
    await db.schema.createIndex('webhook_deliveries_due').on('webhook_deliveries').columns(['status', 'next_attempt_at']).execute();
    await db.schema.createIndex('webhook_deliveries_hook').on('webhook_deliveries').columns(['hook_id', 'status', 'created_at']).execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('webhook_deliveries').execute();
    await db.schema.dropTable('webhook_subscriptions').execute();
  },
};
