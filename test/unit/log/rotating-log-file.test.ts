import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../main/log/logger';
import { createRotatingLogFile, LOG_FILE_NAME, readLogTail } from '../../../main/log/rotating-log-file';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'keyhaven-log-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the app log file', () => {
  it('writes the logger’s lines to keyhaven.log in the log folder, secrets redacted, owner-only', async () => {
    const logDir = path.join(dir, 'logs');
    const destination = { write: () => true };
    const log = createLogger({ destination: destination as never, logFile: { dir: logDir } });
    log.child({ scope: 'sso' }).info({ sessionToken: 'sess-secret-123', email: 'alice@acme.test' }, 'signed in');
    const text = await readFile(path.join(logDir, LOG_FILE_NAME), 'utf8');
    expect(text).toContain('"msg":"signed in"');
    expect(text).toContain('alice@acme.test');
    expect(text).not.toContain('sess-secret-123');
    if (process.platform !== 'win32') expect((await stat(path.join(logDir, LOG_FILE_NAME))).mode & 0o777).toBe(0o600);
  });

  it('rotates by size and keeps only the newest files', async () => {
    const file = createRotatingLogFile({ dir, maxBytes: 100, keep: 2 });
    for (let i = 0; i < 12; i++) file.write(`${JSON.stringify({ n: i, pad: 'x'.repeat(20) })}\n`);
    file.close();
    expect((await readdir(dir)).sort()).toEqual(['keyhaven.1.log', 'keyhaven.2.log', 'keyhaven.log']);
    for (const name of await readdir(dir)) expect((await stat(path.join(dir, name))).size).toBeLessThanOrEqual(100);
    // The oldest lines were dropped; what is left reads in order, oldest first.
    const numbers = (await readLogTail(dir, 10_000, 2))
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { n: number }).n);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(numbers.at(-1)).toBe(11);
    expect(numbers[0]).toBeGreaterThan(0);
  });

  it('reads only the newest whole lines when the log is longer than asked', async () => {
    const file = createRotatingLogFile({ dir });
    for (let i = 0; i < 50; i++) file.write(`line ${i}\n`);
    file.close();
    const tail = await readLogTail(dir, 40);
    expect(tail.split('\n').filter(Boolean).every((l) => /^line \d+$/.test(l))).toBe(true);
    expect(tail.endsWith('line 49\n')).toBe(true);
  });

  it('never stops the app when the folder cannot be made', async () => {
    await writeFile(path.join(dir, 'a-file'), '');
    const file = createRotatingLogFile({ dir: path.join(dir, 'a-file', 'logs') });
    expect(() => file.write('hello\n')).not.toThrow();
    expect(() => file.write('again\n')).not.toThrow();
  });
});
