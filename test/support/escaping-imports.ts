import path from 'node:path';

export interface EscapingImport {
  readonly file: string;
  readonly line: number;
  readonly specifier: string;
}

// Static imports/exports (quoted: `from` never takes a template literal, so prose such as
// "from `/v1/me`" in a comment is not an import), dynamic import() and require().
const specifierPattern = /(?:\bfrom\s*|\bimport\s+)(['"])([^'"\n]+)\1|(?:\bimport\s*\(\s*|\brequire\s*\(\s*)(['"`])([^'"`\n]+)\3/g;

/**
 * The import specifiers of one file that reach outside the repository: absolute paths (POSIX or
 * Windows), file: URLs, and relative paths that climb above the repository root. A clean clone
 * on another machine cannot resolve any of them.
 */
export function findEscapingImports(file: string, source: string, root: string): EscapingImport[] {
  const found: EscapingImport[] = [];
  for (const match of source.matchAll(specifierPattern)) {
    const specifier = match[2] ?? match[4] ?? '';
    if (!escapes(file, specifier, root)) continue;
    const line = source.slice(0, match.index).split('\n').length;
    found.push({ file, line, specifier });
  }
  return found;
}

function escapes(file: string, specifier: string, root: string): boolean {
  if (specifier.startsWith('file:')) return true;
  if (specifier.startsWith('/') || /^[A-Za-z]:[\\/]/.test(specifier)) return true;
  if (!specifier.startsWith('.')) return false;
  const resolved = path.resolve(root, path.dirname(file), specifier);
  const relative = path.relative(root, resolved);
  return relative.startsWith('..') || path.isAbsolute(relative);
}
