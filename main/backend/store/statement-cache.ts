import type BetterSqlite3 from 'better-sqlite3';

/**
 * Kysely's SQLite driver prepares every statement anew, and preparing (parsing and planning the
 * SQL) was a sixth of a sign-in's CPU time. The SQL text of a Kysely query is the same for every
 * call of one repository method, so the prepared statement is kept and reused, least recently
 * used first out. Safe with one connection: Kysely's driver runs one statement at a time on it
 * (a streamed SELECT holds the connection until it ends), and SQLite re-prepares a cached
 * statement by itself after a schema change.
 */
export function cacheStatements(db: BetterSqlite3.Database, capacity = 256): void {
  const prepared = new Map<string, BetterSqlite3.Statement>();
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    const cached = prepared.get(sql);
    if (cached !== undefined) {
      prepared.delete(sql);
      prepared.set(sql, cached);
      return cached;
    }
    const statement = prepare(sql);
    prepared.set(sql, statement);
    if (prepared.size > capacity) prepared.delete(prepared.keys().next().value as string);
    return statement;
  }) as typeof db.prepare;
}
