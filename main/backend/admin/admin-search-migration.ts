import { sql, type Migration } from 'kysely';
import type { StoreDialect } from '../store/store';

export const ADMIN_SEARCH_MIGRATION_NAME = '0013_admin_search';

/**
 * Indexes the admin people search walks (admin-users-query.ts). A search is a prefix of the
 * email or of the lower-cased user name, asked as a range of keys compared byte by byte: SQLite
 * compares bytes already (its unique email index serves the email side); PostgreSQL needs an
 * index in the "C" collation, since its default collation does not order by bytes. The user
 * name side only needs the people whose user name is not their email (most have none, or the
 * email itself): a partial index keeps it to those, so a broad search walks one range, not two.
 * The per-person facts look up security keys by user, which had no index.
 */
export function adminSearchMigration(dialect: StoreDialect): Migration {
  return {
    async up(db) {
      await db.schema.createIndex('two_factor_webauthn_user').on('two_factor_webauthn').column('user_id').execute();
      const bytes = dialect === 'postgres' ? sql` collate "C"` : sql``;
      if (dialect === 'postgres') await db.schema.createIndex('users_email_bytes').on('users').expression(sql`email${bytes}`).execute();
      await db.schema
        .createIndex('users_other_user_name')
        .on('users')
        .expression(sql`lower(user_name)${bytes}`)
        .where(sql<boolean>`user_name is not null and lower(user_name) <> email`)
        .execute();
    },
  };
}
