import { sql } from 'kysely';
import { expect } from 'vitest';
import type { TestBackend } from './test-backend';

/**
 * Every row of every table of a backend's database, as text, for a zero-knowledge scan. `tables`
 * must be among them: the scan is worth something only if it reads where the secrets would be.
 */
export async function allRows(b: TestBackend, tables: readonly string[]): Promise<string> {
  const db = b.backend.store.kysely;
  const names =
    b.backend.store.dialect === 'sqlite'
      ? (await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db)).rows.map((r) => r.name)
      : (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public'`.execute(db)).rows.map((r) => r.name);
  expect(names).toEqual(expect.arrayContaining([...tables]));
  const dumps: string[] = [];
  for (const table of names) dumps.push(JSON.stringify((await sql`select * from ${sql.table(table)}`.execute(db)).rows));
  return dumps.join('\n');
}

/** The ways a key could be written down: the scan looks for each. */
export const encodings = (secret: Buffer): string[] => [secret.toString('base64url'), secret.toString('base64'), secret.toString('hex')];
