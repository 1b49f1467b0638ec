import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, sql, type LogEvent } from 'kysely';
import pg from 'pg';
import type { Database } from './database-schema';
import { ImmediateSqliteDialect } from './immediate-sqlite-dialect';
import { createMigrationProvider } from './migrations';
import { createDevicesRepo, createSessionsRepo, createUsersRepo } from './repos/identity-repos';
import { createAuditRepo, createLoginTransactionsRepo, createOnboardingRepo, createSamlReplayRepo } from './repos/sign-in-repos';
import { createScimRepo } from './repos/scim-repos';
import { createTwoFactorRepo } from './repos/two-factor-repo';
import { createVaultRepo } from './repos/vault-repo';
import { cacheStatements } from './statement-cache';
import { createOutboxSubscribers, type OutboxSubscribers } from '../webhooks/outbox-subscribers';
import type { Repositories, Store, StoreDialect } from './store';

export interface StoreOptions {
  readonly poolSize?: number;
  /** Sees every SQL statement sent (BEGIN and COMMIT included): round trips counted by tests and benches. */
  readonly onQuery?: (sql: string) => void;
}

export function dialectOf(db: string): StoreDialect {
  return /^postgres(ql)?:\/\//i.test(db) ? 'postgres' : 'sqlite';
}

/**
 * Opens the store named by `db` (a `postgres://`/`postgresql://` URL, or else a SQLite file
 * path) and brings its schema up to date.
 */
export async function openStore(db: string, options: StoreOptions = {}): Promise<Store> {
  const dialect = dialectOf(db);
  const onQuery = options.onQuery;
  const kysely = new Kysely<Database>({
    dialect: dialect === 'postgres' ? postgresDialect(db, options.poolSize ?? 10) : sqliteDialect(db),
    ...(onQuery === undefined ? {} : { log: (event: LogEvent) => (event.level === 'query' ? onQuery(event.query.sql) : undefined) }),
  });
  try {
    // Migrations are numbered when they are planned and may land out of order; each is
    // independent, so a database that already ran a later one still takes an earlier newcomer.
    const { error, results } = await new Migrator({ db: kysely, provider: createMigrationProvider(dialect), allowUnorderedMigrations: true }).migrateToLatest();
    if (error !== undefined) {
      const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
      throw new Error(`database migration ${failed} failed: ${(error as Error).message ?? String(error)}`, { cause: error });
    }
    // As SQLite advises for a long-lived connection: statistics at open (only where missing or
    // stale, and bounded), then now and then (`optimize()`, which the backend runs hourly).
    if (dialect === 'sqlite') await sql`pragma optimize=0x10002`.execute(kysely);
    const subscribers = createOutboxSubscribers(kysely);
    await subscribers.refresh();
    return createStore(kysely, dialect, subscribers);
  } catch (err) {
    await kysely.destroy();
    throw err;
  }
}

/** 4,000 pages of 4 KiB: a WAL of at most ~16 MiB between checkpoints. */
const WAL_CHECKPOINT_PAGES = 4000;

function sqliteDialect(file: string): ImmediateSqliteDialect {
  return new ImmediateSqliteDialect({
    database: async () => {
      const sqlite = new BetterSqlite3(file, { timeout: 5000 });
      // WAL lets readers proceed during a write; busy_timeout makes a second process (another
      // backend instance on the same file) wait for the write lock instead of failing, and
      // transactions begin IMMEDIATE so that the wait is all they need (immediate-sqlite-dialect.ts).
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('busy_timeout = 5000');
      sqlite.pragma('foreign_keys = ON');
      // synchronous = NORMAL in WAL mode: a commit is written to the WAL file (the OS has it,
      // so it survives the process crashing) without waiting for the disk; only checkpoints
      // wait for it (fsync). FULL would add a disk wait to every commit, which only power loss
      // or an operating-system crash could need: the last commits before such a crash may be
      // rolled back, the database stays intact.
      sqlite.pragma('synchronous = NORMAL');
      // A checkpoint (WAL pages copied into the database, two fsyncs) ran every 1,000 pages by
      // default: every ~30 sign-ins (a sign-in writes ~30 pages), each one stalling the sign-in
      // that triggered it. Every WAL_CHECKPOINT_PAGES instead: fewer disk waits, and a page
      // written by many commits (index pages, the tail of the audit table) is copied once.
      sqlite.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
      cacheStatements(sqlite);
      return sqlite;
    },
  });
}

function postgresDialect(url: string, max: number): PostgresDialect {
  // int8 (counts, bigint columns) as numbers: our values stay far below 2^53.
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
  };
  return new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max, types }) });
}

function createStore(kysely: Kysely<Database>, dialect: StoreDialect, outboxSubscribers: OutboxSubscribers): Store {
  const inTransaction = <T>(db: Kysely<Database>, fn: (tx: Kysely<Database>) => Promise<T>): Promise<T> =>
    db.isTransaction ? fn(db) : db.transaction().execute(fn);
  const repositories = (db: Kysely<Database>): Repositories => ({
    users: createUsersRepo(db),
    devices: createDevicesRepo(db),
    sessions: createSessionsRepo(db),
    loginTransactions: createLoginTransactionsRepo(db),
    samlReplay: createSamlReplayRepo(db),
    audit: createAuditRepo(db, outboxSubscribers),
    onboarding: createOnboardingRepo(db),
    vault: createVaultRepo(db, (fn) => inTransaction(db, fn)),
    twoFactor: createTwoFactorRepo(db, dialect),
    scim: createScimRepo(db),
  });
  return {
    dialect,
    kysely,
    outboxSubscribers,
    ...repositories(kysely),
    transaction: (fn) => inTransaction(kysely, (tx) => fn(repositories(tx), tx)),
    optimize: async () => {
      if (dialect === 'sqlite') await sql`pragma optimize`.execute(kysely);
    },
    close: () => kysely.destroy(),
  };
}
