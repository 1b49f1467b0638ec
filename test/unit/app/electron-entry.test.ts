import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const read = (p: string): string => readFileSync(path.join(root, p), 'utf8');

/** What Electron loads must be what the build writes: package.json main, preload, worker, renderer. */
describe('Electron entry points', () => {
  const build = read('scripts/build.mjs');
  const main = read('main/app/main.ts');

  it('package.json "main" is the main bundle the build writes', () => {
    const pkg = JSON.parse(read('package.json')) as { main: string };
    expect(pkg.main).toBe('dist/main/main.mjs');
    expect(build).toContain("'dist/main/main.mjs'");
  });

  it('the window loads the preload and the import worker from where the build puts them', () => {
    expect(build).toContain("'dist/preload/index.cjs'");
    expect(main).toContain("'preload/index.cjs'");
    expect(build).toContain("'dist/main/import-worker.mjs'");
    expect(main).toContain("'main/import-worker.mjs'");
  });

  it('the preload is CommonJS (it must run with sandbox: true)', () => {
    expect(build).toMatch(/preload\/index\.ts[\s\S]*?format: 'cjs'/);
  });
});
