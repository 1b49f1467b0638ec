import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error: the build script is plain JavaScript, without declarations
import { nodeBundleOptions } from '../../../scripts/node-bundle.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'keyhaven-node-bundle-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Bundles `source` as the app's main-process bundles are built, runs it, and answers what it printed and the bundle's text. */
async function bundleAndRun(source: string): Promise<{ printed: string; bundle: string }> {
  const entry = path.join(dir, 'entry.ts');
  const outfile = path.join(dir, 'out.mjs');
  await writeFile(entry, source);
  await build({ ...nodeBundleOptions(root, path.relative(root, entry), outfile), logLevel: 'silent' });
  const printed = execFileSync(process.execPath, [outfile], { encoding: 'utf8' });
  return { printed, bundle: await readFile(outfile, 'utf8') };
}

// Importing node:http as ESM makes Node build its module facade, which reads every export; its
// WebSocket, MessageEvent and CloseEvent are getters that load undici, about 33 ms of a start.
describe('the main-process bundles load Node’s own modules by require', () => {
  it('a bundle that imports node:http and node:fs/promises uses them without loading undici', async () => {
    const { printed, bundle } = await bundleAndRun(
      [
        "import { createServer } from 'node:http';",
        "import { readFile } from 'node:fs/promises';",
        "const undici = process.moduleLoadList.some((m) => m.includes('undici'));",
        'console.log(JSON.stringify({ createServer: typeof createServer, readFile: typeof readFile, undici }));',
      ].join('\n'),
    );
    expect(JSON.parse(printed)).toEqual({ createServer: 'function', readFile: 'function', undici: false });
    expect(bundle).toContain('require("node:http")');
    expect(bundle).not.toMatch(/from\s*["']node:http["']/);
  });
});
