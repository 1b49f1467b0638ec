import { CompiledQuery, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDialectConfig } from 'kysely';

/**
 * SQLite for several processes on one file (an admin starting a second backend on the embedded
 * database). In WAL mode a transaction begun DEFERRED takes its read snapshot at its first
 * SELECT; if another process commits before it writes, its write fails at once with
 * SQLITE_BUSY_SNAPSHOT — the busy timeout cannot help, the snapshot is stale. So every
 * transaction here begins IMMEDIATE: it takes the write lock first (waiting up to the busy
 * timeout), and its snapshot is current from its first statement. Should the other process hold
 * the lock past the timeout, the BEGIN (which has changed nothing) is tried again a few times;
 * what still fails is SQLITE_BUSY, which the HTTP layer answers as 503 `server_busy`.
 * Single statements outside a transaction take the lock before they read, and wait in the
 * busy handler.
 */
const BEGIN_ATTEMPTS = 4;

export function isSqliteBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await connection.executeQuery(CompiledQuery.raw('begin immediate'));
        return;
      } catch (err) {
        if (!isSqliteBusy(err) || attempt >= BEGIN_ATTEMPTS) throw err;
        await new Promise((resolve) => setTimeout(resolve, 20 + Math.floor(Math.random() * 80)));
      }
    }
  }
}
