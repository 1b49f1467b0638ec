import type { Kysely, Migration } from 'kysely';

export const ADMIN_MIGRATION_NAME = '0006_admin';

/**
 * The admin area: failed sign-ins carry the email tried and the client's IP as columns (so the
 * audit log filters and exports them without parsing JSON), and the indexes the admin queries
 * need to stay fast at tens of thousands of users and millions of events.
 */
export const adminMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('audit_events').addColumn('email', 'text').execute();
    await db.schema.alterTable('audit_events').addColumn('ip', 'text').execute();
    await db.schema.createIndex('audit_events_user_seq').on('audit_events').columns(['user_id', 'seq']).execute();
    await db.schema.createIndex('audit_events_type_seq').on('audit_events').columns(['type', 'seq']).execute();
    await db.schema.createIndex('audit_events_at').on('audit_events').column('at').execute();
    await db.schema.createIndex('users_node_email').on('users').columns(['node', 'email']).execute();
    await db.schema.createIndex('users_status').on('users').column('status').execute();
  },
};
