import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreDialect } from '../store/store';

export const SCIM_MIGRATION_NAME = '0004_scim';

/**
 * SCIM provisioning: users may be `invited` (provisioned, never signed in), carry their SCIM
 * userName, externalId and other attributes, and the placement they were given (which group
 * role mappings override); SCIM groups and their members.
 *
 * Widening the status CHECK needs a table rebuild on SQLite (it cannot alter a constraint).
 * Dropping `users` with foreign keys on would cascade into every table that references it, so
 * the rebuild runs with foreign keys off, inside one transaction, and checks them before commit
 * (the procedure of https://www.sqlite.org/lang_altertable.html#otheralter).
 */
export function scimMigration(dialect: StoreDialect): Migration {
  return { up: (db) => (dialect === 'sqlite' ? upSqlite(db) : upPostgres(db)).then(() => createScimTables(db)) };
}

const NEW_USER_COLUMNS = ['user_name', 'external_id', 'scim_json', 'assigned_node', 'assigned_role', 'last_sign_in_at'] as const;

async function upSqlite(db: Kysely<unknown>): Promise<void> {
  await sql`PRAGMA foreign_keys = OFF`.execute(db);
  try {
    await db.transaction().execute(async (tx) => {
      await sql`CREATE TABLE users_new (
        id text PRIMARY KEY,
        email text NOT NULL UNIQUE,
        node text NOT NULL,
        role text NOT NULL,
        status text NOT NULL CHECK (status in ('active', 'deactivated', 'invited')),
        connection_id text,
        created_at text NOT NULL,
        updated_at text NOT NULL,
        user_name text,
        external_id text,
        scim_json text,
        assigned_node text,
        assigned_role text,
        last_sign_in_at text
      )`.execute(tx);
      // Existing users have signed in (JIT) and sit where they were placed.
      await sql`INSERT INTO users_new (id, email, node, role, status, connection_id, created_at, updated_at, user_name, assigned_node, last_sign_in_at)
        SELECT id, email, node, role, status, connection_id, created_at, updated_at, email, node, updated_at FROM users`.execute(tx);
      await sql`DROP TABLE users`.execute(tx);
      await sql`ALTER TABLE users_new RENAME TO users`.execute(tx);
      const broken = await sql<{ table: string }>`PRAGMA foreign_key_check`.execute(tx);
      if (broken.rows.length > 0) throw new Error(`foreign key check failed after rebuilding users (${broken.rows.length} rows)`);
      await createUserIndexes(tx);
    });
  } finally {
    await sql`PRAGMA foreign_keys = ON`.execute(db);
  }
}

async function upPostgres(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE users DROP CONSTRAINT users_status_check`.execute(db);
  await sql`ALTER TABLE users ADD CONSTRAINT users_status_check CHECK (status in ('active', 'deactivated', 'invited'))`.execute(db);
  for (const column of NEW_USER_COLUMNS) await db.schema.alterTable('users').addColumn(column, 'text').execute();
  await sql`UPDATE users SET user_name = email, assigned_node = node, last_sign_in_at = updated_at`.execute(db);
  await createUserIndexes(db);
}

async function createUserIndexes(db: Kysely<unknown>): Promise<void> {
  // userName is unique case-insensitively (RFC 7643 §4.1.1: caseExact false, uniqueness server).
  await db.schema.createIndex('users_user_name_lower').on('users').unique().expression(sql`lower(user_name)`).execute();
  await db.schema.createIndex('users_external_id').on('users').column('external_id').execute();
}

async function createScimTables(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('scim_groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('scim_groups_display_name_lower').on('scim_groups').unique().expression(sql`lower(display_name)`).execute();
  await db.schema.createIndex('scim_groups_external_id').on('scim_groups').column('external_id').execute();

  await db.schema
    .createTable('scim_group_members')
    .addColumn('group_id', 'text', (c) => c.notNull().references('scim_groups.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('scim_group_members_pk', ['group_id', 'user_id'])
    .execute();
  await db.schema.createIndex('scim_group_members_user').on('scim_group_members').column('user_id').execute();
}
