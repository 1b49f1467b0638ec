import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { installErrorHandling, toAppError } from '../../../main/backend/http/error-handling';
import { createLogger } from '../../../main/log/logger';

/** What better-sqlite3 throws when another process keeps the file locked past the busy timeout. */
const busy = (code: string) => Object.assign(new Error('database is locked'), { name: 'SqliteError', code });

describe('a database that stays busy', () => {
  it('is a clean, retryable 503 server_busy — not an internal error', () => {
    for (const code of ['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT']) {
      expect(toAppError(busy(code))).toMatchObject({ code: 'server_busy', status: 503 });
    }
    expect(toAppError(Object.assign(new Error('x'), { code: 'SQLITE_CONSTRAINT' })).code).toBe('internal');
  });

  it('answers {error, message} with Retry-After over HTTP', async () => {
    const app = Fastify();
    installErrorHandling(app, createLogger({ level: 'silent' }));
    app.get('/write', async () => {
      throw busy('SQLITE_BUSY');
    });
    const res = await app.inject({ method: 'GET', url: '/write' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.json()).toEqual({ error: 'server_busy', message: 'The server is busy. Please try again in a moment.' });
    await app.close();
  });
});
