import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HEAP_FLAGS } from '../../../main/process/heap-settings';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const read = (p: string): string => readFileSync(path.join(root, p), 'utf8');
const MB = 1048576;

const SETTINGS = pathToFileURL(path.join(root, 'main/process/heap-settings.ts')).href;

/** Runs an ES module script in a fresh Node process (TypeScript through tsx) and answers the JSON it prints. */
function inFreshProcess<T>(script: string, nodeFlags: readonly string[] = []): T {
  const out = execFileSync(process.execPath, [...nodeFlags, '--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  return JSON.parse(out) as T;
}

/**
 * In a fresh process: applies the settings twice (the second call does nothing), then five times
 * drops 64 MB of ArrayBuffers, collects once and answers how much of their memory V8 counts as
 * freed when the collection returns.
 */
function freedRightAfterCollection(): number[] {
  const script = `
    import { applyHeapSettings } from ${JSON.stringify(SETTINGS)};
    applyHeapSettings();
    applyHeapSettings();
    const freed = [];
    for (let round = 0; round < 5; round += 1) {
      let kept = Array.from({ length: 64 }, () => new ArrayBuffer(${MB}));
      const before = process.memoryUsage().arrayBuffers;
      kept = null;
      globalThis.gc();
      freed.push(before - process.memoryUsage().arrayBuffers);
    }
    process.stdout.write(JSON.stringify(freed));
  `;
  return inFreshProcess<number[]>(script, ['--expose-gc']);
}

describe('the process heap settings (main/process/heap-settings.ts)', () => {
  it('frees dead ArrayBuffers at the collection itself once applied, every time', () => {
    // With V8's default (concurrent sweeping), the same probe counted about half of a round's
    // 64 MB as freed when gc() returned, in three runs of three: the rest is freed later, on
    // another thread. Applied, every round's 64 MB is freed before gc() returns. A flag V8 does
    // not know is ignored with a line on stderr, so a misspelt flag fails here.
    const freed = freedRightAfterCollection();
    expect(freed).toHaveLength(5);
    for (const bytes of freed) expect(bytes).toBeGreaterThanOrEqual(63 * MB);
  });

  it('names only V8 flags, each switching a default off', () => {
    expect(HEAP_FLAGS).toEqual(['--no-concurrent-array-buffer-sweeping']);
  });
});

/** A file's top-level code with its import declarations and comments taken out. */
function codeAfterImports(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '')
    .replace(/^import\s[\s\S]*?from\s+'[^']+';$/gm, '')
    .replace(/^import\s+'[^']+';$/gm, '')
    .trimStart();
}

describe('the start-up collection (collectStartupGarbage)', () => {
  it('empties the young generation of garbage, keeps gc out of the app\'s own scope, and can run again', () => {
    // In a fresh process: collect, make about 1.5 MB of garbage (little enough that V8 does not
    // collect it by itself first), then collect again and read what is left (30–70 KB here).
    const script = `
      import { getHeapSpaceStatistics } from 'node:v8';
      import { collectStartupGarbage } from ${JSON.stringify(SETTINGS)};
      const young = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_used_size;
      collectStartupGarbage();
      let garbage = [];
      for (let i = 0; i < 6000; i += 1) garbage.push(new Array(12).fill(i));
      garbage = null;
      const before = young();
      collectStartupGarbage();
      process.stdout.write(JSON.stringify({ before, after: young(), gcVisible: typeof globalThis.gc }));
    `;
    const { before, after, gcVisible } = inFreshProcess<{ before: number; after: number; gcVisible: string }>(script);
    expect(before).toBeGreaterThan(500 * 1024);
    expect(after).toBeLessThan(before / 4);
    expect(gcVisible).toBe('undefined');
  });

  it('createBackend runs it once its routes, SAML set-up and workers are ready, before it answers', () => {
    const source = read('main/backend/http/create-backend.ts');
    const call = source.indexOf('  collectStartupGarbage();');
    expect(call).toBeGreaterThan(source.indexOf('await saml.prepare()'));
    expect(call).toBeGreaterThan(source.indexOf('createSyslogWorker({'));
    expect(call).toBeLessThan(source.indexOf('  return {\n    app,'));
  });
});

describe('every process of the app applies the heap settings first', () => {
  for (const entry of ['main/app/main.ts', 'main/host/cli.ts', 'main/backend/cli.ts']) {
    it(`${entry}: applyHeapSettings() is its first statement after the imports`, () => {
      const source = read(entry);
      expect(source).toContain("import { applyHeapSettings } from '../process/heap-settings';");
      expect(codeAfterImports(source).startsWith('applyHeapSettings();')).toBe(true);
    });
  }

  it('the benches run under the same settings, in their own process and in every child', () => {
    expect(codeAfterImports(read('test/bench/process-settings.ts')).startsWith('applyHeapSettings();')).toBe(true);
    expect(read('test/bench/run.ts')).toMatch(/^import '\.\/process-settings';$/m);
    expect(read('test/bench/fresh-process.ts')).toContain("'--import', PROCESS_SETTINGS, script");
  });
});
