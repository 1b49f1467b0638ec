import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findEscapingImports } from '../../support/escaping-imports';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const codeFile = /\.(?:[cm]?[jt]sx?)$/;

function trackedCodeFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' });
  return listed.split('\0').filter((f) => codeFile.test(f) && !f.startsWith('test/fixtures/'));
}

describe('imports stay inside the repository', () => {
  it('finds an absolute import, a file: URL and a relative path that climbs out', () => {
    // Built from parts so this file's own text holds no such import.
    const q = "'";
    const source = [
      `import { a } from ${q}/srv/build/x${q};`,
      `const b = await import(${q}file:///tmp/y.js${q});`,
      `export * from ${q}../../../../outside${q};`,
      `const c = require(${q}C:\\\\build\\\\z${q});`,
      `import ok from ${q}./inside${q};`,
      `import pkg from ${q}fflate${q};`,
    ].join('\n');
    const found = findEscapingImports('main/import/a/b.ts', source, root).map((f) => f.specifier);
    expect(found).toEqual(['/srv/build/x', 'file:///tmp/y.js', '../../../../outside', 'C:\\\\build\\\\z']);
  });

  it('does not take prose for an import: a comment saying what came from an endpoint', () => {
    const b = '`';
    const source = [`// what the app last heard from ${b}/v1/me${b} (user, policy)`, `const d = await import(${b}/srv/build/d.js${b});`].join('\n');
    expect(findEscapingImports('main/x.ts', source, root).map((f) => f.specifier)).toEqual(['/srv/build/d.js']);
  });

  it('no tracked source file imports a path outside the checkout', () => {
    const files = trackedCodeFiles();
    expect(files.length).toBeGreaterThan(100);
    const offenders = files.flatMap((file) => findEscapingImports(file, readFileSync(path.join(root, file), 'utf8'), root));
    expect(offenders.map((o) => `${o.file}:${o.line} imports ${o.specifier}`)).toEqual([]);
  });
});
