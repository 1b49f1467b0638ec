import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { cacheStatements } from '../../../../main/backend/store/statement-cache';

const dirs: string[] = [];
function database(): BetterSqlite3.Database {
  const dir = mkdtempSync(path.join(tmpdir(), 'keyhaven-statements-'));
  dirs.push(dir);
  const db = new BetterSqlite3(path.join(dir, 'db.sqlite'));
  db.exec('create table t (id integer primary key, v text)');
  return db;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('prepared statements are reused by SQL text', () => {
  it('gives the same statement for the same SQL and a new one for other SQL', () => {
    const db = database();
    cacheStatements(db);
    const a = db.prepare('select * from t where id = ?');
    expect(db.prepare('select * from t where id = ?')).toBe(a);
    expect(db.prepare('select * from t where v = ?')).not.toBe(a);
  });

  it('drops the least recently used statement beyond its capacity', () => {
    const db = database();
    cacheStatements(db, 2);
    const one = db.prepare('select 1');
    const two = db.prepare('select 2');
    expect(db.prepare('select 1')).toBe(one); // now most recently used
    db.prepare('select 3'); // evicts "select 2"
    expect(db.prepare('select 1')).toBe(one);
    expect(db.prepare('select 2')).not.toBe(two);
  });

  it('still answers correctly after the table it reads is rebuilt (SQLite re-prepares)', () => {
    const db = database();
    cacheStatements(db);
    db.prepare('insert into t (v) values (?)').run('before');
    expect(db.prepare('select v from t').all()).toEqual([{ v: 'before' }]);
    db.exec("create table t_new (id integer primary key, v text, w text); insert into t_new (v) values ('after'); drop table t; alter table t_new rename to t");
    expect(db.prepare('select v from t').all()).toEqual([{ v: 'after' }]);
    db.close();
  });
});
