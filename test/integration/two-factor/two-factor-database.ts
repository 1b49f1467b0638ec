import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type Migration } from 'kysely';
import type { Database } from '../../../main/backend/store/database-schema';
import { createMigrationProvider } from '../../../main/backend/store/migrations';
import { createKyselyTwoFactorRepository, type TwoFactorTables } from '../../../main/backend/two-factor/kysely-two-factor-repository';
import { TWO_FACTOR_MIGRATION_NAME, twoFactorMigration } from '../../../main/backend/two-factor/two-factor-migration';
import type { TwoFactorRepository } from '../../../main/backend/two-factor/two-factor-repository';

export type TestDatabase = Kysely<Database & TwoFactorTables>;

export interface TwoFactorDatabase {
  readonly db: TestDatabase;
  readonly repository: TwoFactorRepository;
  /** Raw access to the SQLite file, to look at what is really stored. */
  readonly raw: BetterSqlite3.Database;
  addUser(id: string, email?: string): Promise<void>;
  close(): Promise<void>;
}

/** A real SQLite file with the backend core's migrations followed by the two-factor one. */
export async function openTwoFactorDatabase(): Promise<TwoFactorDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'keyhaven-2fa-'));
  const file = join(dir, 'backend.sqlite');
  const db: TestDatabase = new Kysely({
    dialect: new SqliteDialect({
      database: async () => {
        const sqlite = new BetterSqlite3(file);
        sqlite.pragma('journal_mode = WAL');
        sqlite.pragma('foreign_keys = ON');
        return sqlite;
      },
    }),
  });
  const core = createMigrationProvider('sqlite');
  const provider = {
    getMigrations: async (): Promise<Record<string, Migration>> => ({
      ...(await core.getMigrations()),
      [TWO_FACTOR_MIGRATION_NAME]: twoFactorMigration,
    }),
  };
  const { error } = await new Migrator({ db, provider }).migrateToLatest();
  if (error !== undefined) throw error;
  const raw = new BetterSqlite3(file, { readonly: true });
  return {
    db,
    repository: createKyselyTwoFactorRepository(db),
    raw,
    async addUser(id, email = `${id}@acme.test`) {
      const at = new Date().toISOString();
      await db
        .insertInto('users')
        .values({ id, email, node: 'Acme Corp', role: 'Employee', status: 'active', connection_id: null, created_at: at, updated_at: at })
        .execute();
    },
    async close() {
      raw.close();
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
