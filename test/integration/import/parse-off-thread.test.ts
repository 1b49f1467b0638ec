import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOffThreadParser, PARSE_CANCELLED, type ImportParser } from '../../../main/import/parse-off-thread';
import { KDBX_PASSWORD } from '../../unit/import/fixture-input';
import { patchKdfParameter, resealKdbx4Header } from '../../unit/import/support/hostile-inputs';
// @ts-expect-error -- a plain .mjs build script without type declarations
import { nodeBundleOptions } from '../../../scripts/node-bundle.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The import worker exactly as scripts/build.mjs bundles it, run in a real worker thread. */
describe('import parsing off the main thread', () => {
  let parse: ImportParser;
  let outDir = '';
  let outfile = '';
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));
  beforeAll(async () => {
    // Beside the sources so the bundle resolves its packages from this project's node_modules.
    outDir = mkdtempSync(path.join(root, 'dist-test-worker-'));
    outfile = path.join(outDir, 'import-worker.mjs');
    await build({ ...nodeBundleOptions(root, 'main/import/parse-worker.ts', outfile), logLevel: 'silent' });
    parse = createOffThreadParser(outfile);
  });

  it('detects and parses a LastPass export in a worker, accounting for every row', async () => {
    const bytes = readFileSync(path.join(root, 'test/fixtures/import/lastpass.csv'));
    const parsed = await parse({ bytes, format: null, password: null, mapping: null });
    expect(parsed.result.format).toBe('lastpass');
    expect(parsed.candidates[0]?.id).toBe('lastpass');
    const r = parsed.result;
    expect(r.records.length + r.errors.length + r.skipped.length).toBe(r.rows);
    expect(r.records.length).toBeGreaterThan(0);
  });

  it('keeps the error code of a file it cannot recognise', async () => {
    const bytes = new TextEncoder().encode('this is not a password export at all');
    await expect(parse({ bytes, format: null, password: null, mapping: null })).rejects.toMatchObject({ code: 'unrecognized_format' });
  });

  it('reports a missing worker file clearly', async () => {
    const missing = createOffThreadParser(path.join(mkdtempSync(path.join(os.tmpdir(), 'kh-')), 'nope.mjs'));
    await expect(missing({ bytes: new Uint8Array(), format: null, password: null, mapping: null })).rejects.toThrow(/import worker is missing/);
  });

  /**
   * A database whose key derivation is within the caps but slow (256 MiB × 32 passes), its
   * header re-sealed so it passes the header check: long enough that the worker is certainly
   * still deriving when the timeout or the cancel comes.
   */
  function slowKdbx(): Uint8Array {
    const db = new Uint8Array(readFileSync(path.join(root, 'test/fixtures/import/kdbx.kdbx')));
    return resealKdbx4Header(patchKdfParameter(patchKdfParameter(db, 'M', 256 * 1024 * 1024), 'I', 32));
  }

  it('ends a parse that runs past the timeout, terminating its worker', async () => {
    const impatient = createOffThreadParser(outfile, { timeoutMs: 300 });
    await expect(impatient({ bytes: slowKdbx(), format: null, password: KDBX_PASSWORD, mapping: null })).rejects.toMatchObject({
      code: 'unreadable_file',
      publicMessage: expect.stringMatching(/took longer than/),
    });
  });

  it('terminates the worker when the parse is cancelled', async () => {
    const controller = new AbortController();
    const pending = parse({ bytes: slowKdbx(), format: null, password: KDBX_PASSWORD, mapping: null }, { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ publicMessage: PARSE_CANCELLED });
  });
});
