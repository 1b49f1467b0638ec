import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestPostgres, type TestPostgres } from './postgres';

/**
 * The databases every store/backend contract suite runs against. Each `fresh()` gives an
 * empty database (a new SQLite file, or a new PostgreSQL database in a private cluster).
 */
export interface StoreTarget {
  readonly name: 'sqlite' | 'postgres';
  setup(): Promise<void>;
  fresh(): Promise<string>;
  teardown(): Promise<void>;
}

export function sqliteTarget(): StoreTarget {
  let dir = '';
  let n = 0;
  return {
    name: 'sqlite',
    async setup() {
      dir = mkdtempSync(path.join(tmpdir(), 'keyhaven-sqlite-'));
    },
    async fresh() {
      n += 1;
      return path.join(dir, `db-${n}.sqlite`);
    },
    async teardown() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function postgresTarget(): StoreTarget {
  let pg: TestPostgres | null = null;
  let n = 0;
  return {
    name: 'postgres',
    async setup() {
      pg = await startTestPostgres();
    },
    async fresh() {
      if (pg === null) throw new Error('postgres target not set up');
      n += 1;
      return pg.createDatabase(`t_${process.pid}_${n}`);
    },
    async teardown() {
      await pg?.stop();
    },
  };
}
