import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOffThreadParser, type ImportParser } from '../../../main/import/parse-off-thread';
// @ts-expect-error -- a plain .mjs build script without type declarations
import { nodeBundleOptions } from '../../../scripts/node-bundle.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The import worker exactly as scripts/build.mjs bundles it, run in a real worker thread. */
describe('import parsing off the main thread', () => {
  let parse: ImportParser;
  let outDir = '';
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));
  beforeAll(async () => {
    // Beside the sources so the bundle resolves its packages from this project's node_modules.
    outDir = mkdtempSync(path.join(root, 'dist-test-worker-'));
    const outfile = path.join(outDir, 'import-worker.mjs');
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
});
