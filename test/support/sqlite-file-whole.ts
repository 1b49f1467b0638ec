import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { expect } from 'vitest';

/** A SQLite file a stopped process left behind, if it got that far, opens and passes SQLite's integrity check. */
export function expectSqliteFileWholeIfPresent(file: string): void {
  if (!existsSync(file)) return;
  const db = new Database(file, { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  } finally {
    db.close();
  }
}
