import type { Kysely, Migration } from 'kysely';

export const OUTBOX_DESTINATIONS_MIGRATION_NAME = '0012_outbox_destinations';

/**
 * A lease per outbox destination that must be delivered in order (syslog: one stream per
 * collector). The instance holding it is the only one sending that destination's rows, so the
 * oldest pending row always goes first, whichever instance runs. Portable SQL only.
 */
export const outboxDestinationsMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('outbox_destinations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('lease_owner', 'text')
      .addColumn('lease_until', 'text')
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('outbox_destinations').execute();
  },
};
