import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCIM_MIGRATION_NAME } from '../../../main/backend/scim/scim-migration';
import { createMigrationProvider } from '../../../main/backend/store/migrations';
import { openStore } from '../../../main/backend/store/open-store';
import { postgresTarget, sqliteTarget } from '../../support/store-targets';

const T = '2030-01-01T00:00:00.000Z';

function rawDb(db: string, dialect: 'sqlite' | 'postgres'): Kysely<any> {
  if (dialect === 'postgres') return new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: db, max: 2 }) }) });
  return new Kysely<any>({
    dialect: new SqliteDialect({
      database: async () => {
        const s = new BetterSqlite3(db);
        s.pragma('foreign_keys = ON');
        return s;
      },
    }),
  });
}

describe.each([sqliteTarget(), postgresTarget()])('migration 0004_scim on $name', (target) => {
  beforeAll(() => target.setup());
  afterAll(() => target.teardown());

  it('keeps every user and everything that hangs off them, widens the status check and backfills the SCIM columns', async () => {
    const url = await target.fresh();
    const before = rawDb(url, target.name);
    const all = await createMigrationProvider(target.name).getMigrations();
    const earlier = Object.fromEntries(Object.entries(all).filter(([name]) => name < SCIM_MIGRATION_NAME));
    const migrated = await new Migrator({ db: before, provider: { getMigrations: async () => earlier } }).migrateToLatest();
    expect(migrated.error).toBeUndefined();
    await before.insertInto('users').values({ id: 'u1', email: 'ann@acme.test', node: 'Engineering', role: 'Engineer', status: 'active', connection_id: 'okta', created_at: T, updated_at: T }).execute();
    await before.insertInto('users').values({ id: 'u2', email: 'ben@acme.test', node: 'Acme Corp', role: 'Employee', status: 'deactivated', connection_id: null, created_at: T, updated_at: T }).execute();
    await before.insertInto('devices').values({ id: 'd1', user_id: 'u1', name: 'Laptop', platform: 'linux', created_at: T, last_seen_at: T }).execute();
    await before.insertInto('sessions').values({ token_hash: 'h1', user_id: 'u1', device_id: 'd1', created_at: T, expires_at: T }).execute();
    await before.insertInto('vault').values({ user_id: 'u1', revision: 3, created_at: T }).execute();
    await before.insertInto('vault_records').values({ user_id: 'u1', id: 'r1', revision: 3, envelope: 'env', deleted: 0, updated_at: T }).execute();
    await before.insertInto('onboarding_progress').values({ user_id: 'u1', step: 'welcome', status: 'done', updated_at: T }).execute();
    await before.destroy();

    const store = await openStore(url);
    try {
      const db = store.kysely as unknown as Kysely<any>;
      const users = await db.selectFrom('users').selectAll().orderBy('id').execute();
      expect(users).toMatchObject([
        { id: 'u1', email: 'ann@acme.test', status: 'active', user_name: 'ann@acme.test', assigned_node: 'Engineering', assigned_role: null, external_id: null, last_sign_in_at: T },
        { id: 'u2', status: 'deactivated', user_name: 'ben@acme.test', assigned_node: 'Acme Corp' },
      ]);
      expect(await db.selectFrom('devices').select('id').execute()).toEqual([{ id: 'd1' }]);
      expect(await db.selectFrom('sessions').select('token_hash').execute()).toEqual([{ token_hash: 'h1' }]);
      expect(await db.selectFrom('vault_records').select(['id', 'envelope']).execute()).toEqual([{ id: 'r1', envelope: 'env' }]);
      expect(await db.selectFrom('onboarding_progress').select('step').execute()).toEqual([{ step: 'welcome' }]);

      const invited = { id: 'u3', email: 'cat@acme.test', node: 'Acme Corp', role: 'Employee', status: 'invited', connection_id: null, created_at: T, updated_at: T };
      await db.insertInto('users').values(invited).execute();
      await expect(db.insertInto('users').values({ ...invited, id: 'u4', email: 'dan@acme.test', status: 'bogus' }).execute()).rejects.toThrow(/check/i);
      // userName is unique case-insensitively; foreign keys still hold after the rebuild.
      await expect(db.insertInto('users').values({ ...invited, id: 'u5', email: 'eve@acme.test', user_name: 'ANN@acme.test' }).execute()).rejects.toThrow(/unique|duplicate/i);
      await expect(db.insertInto('devices').values({ id: 'd9', user_id: 'nobody', name: 'x', platform: 'x', created_at: T, last_seen_at: T }).execute()).rejects.toThrow(/foreign/i);
      // Deleting a user still cascades.
      await db.deleteFrom('users').where('id', '=', 'u1').execute();
      expect(await db.selectFrom('vault_records').select('id').execute()).toEqual([]);
      if (target.name === 'sqlite') expect((await sql<{ foreign_keys: number }>`PRAGMA foreign_keys`.execute(db)).rows[0]?.foreign_keys).toBe(1);
    } finally {
      await store.close();
    }
  });
});
