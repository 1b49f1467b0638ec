import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from './fixture-input';

const ROOT = join(import.meta.dirname, '../../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

/** Spawns the real CLI (as `npm run import-check` does); async so the cases run side by side. */
function importCheck(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [join(ROOT, 'main/import/cli.ts'), ...args], { cwd: ROOT, timeout: 85_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const fx = (name: string): string => join(FIXTURES, name);

function tempFile(name: string, content: string | Uint8Array): string {
  const path = join(mkdtempSync(join(tmpdir(), 'kh-cli-')), name);
  writeFileSync(path, content);
  return path;
}

// Each case starts tsx in a fresh process: slow on a busy machine, hence the long timeouts.
describe.concurrent('import-check CLI', { timeout: 90_000 }, () => {
  it('prints one JSON summary and exits 0 for a readable file', async () => {
    const r = await importCheck(fx('lastpass.csv'));
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(r.stdout)).toEqual({ format: 'lastpass', records: 5, folders: 3, totp: 2, notes: 2, errors: [] });
  });

  it('exits 0 with bad rows listed by line', async () => {
    const r = await importCheck(fx('malformed/lastpass-bad-rows.csv'));
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { errors: { line: number }[]; warnings: { line: number }[]; records: number };
    expect(out.records).toBe(5);
    expect(out.errors.map((e) => e.line)).toEqual([3, 11]);
    expect(out.warnings.map((e) => e.line)).toEqual([8]);
  });

  it('mentions skipped rows on stderr only', async () => {
    const r = await importCheck(fx('firefox.csv'));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ format: 'firefox', records: 2 });
    expect(r.stderr).toMatch(/skipped line 3/);
  });

  it('opens a kdbx with --password-file', async () => {
    const r = await importCheck(fx('kdbx.kdbx'), '--password-file', fx('kdbx.password'));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ format: 'kdbx', records: 2, folders: 2, totp: 2, notes: 0, errors: [] });
  });

  it('exits 2 for a kdbx without a password', async () => {
    const r = await importCheck(fx('kdbx.kdbx'));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/password/);
  });

  it('exits 2 for an unrecognised file', async () => {
    const r = await importCheck(fx('malformed/not-an-export.txt'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unrecognized_format/);
  });

  it('exits 2 listing the valid ids for an unknown --format', async () => {
    const r = await importCheck(fx('lastpass.csv'), '--format', 'nope');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/lastpass, .*generic-csv/);
  });

  it('exits 2 for a missing file', async () => {
    expect((await importCheck(fx('does-not-exist.csv'))).code).toBe(2);
  });

  it('honours --format over detection', async () => {
    const r = await importCheck(fx('chrome.csv'), '--format', 'generic-csv');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ format: 'generic-csv', records: 3 });
  });

  it('exits 2 when a CSV format is forced on a kdbx or a zip', async () => {
    const [kdbx, zip] = await Promise.all([importCheck(fx('kdbx.kdbx'), '--format', 'keeper-csv'), importCheck(fx('dashlane.zip'), '--format', 'keeper-csv')]);
    expect([kdbx.code, zip.code]).toEqual([2, 2]);
    expect(kdbx.stderr).toMatch(/unrecognized_format: .*KeePass database, not a CSV/);
  });

  it('exits 2 for a file over the row cap, naming the cap', async () => {
    const over = tempFile('big.csv', `url,username,password,totp,extra,name,grouping,fav\n${'x\n'.repeat(200_001)}`);
    const r = await importCheck(over);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/file_too_large: .*200,000 rows/);
  });

  it('exits 0 and lists the line of an unclosed quote while the later rows import', async () => {
    const csv = tempFile('q.csv', 'name,url,username,password\nA,https://a.example,me,"open\nB,https://b.example,me,pw\nC,https://c.example,me,pw\n');
    const r = await importCheck(csv);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ format: 'chrome', records: 2, errors: [{ line: 2 }] });
  });
});
