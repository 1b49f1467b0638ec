import path from 'node:path';

export interface EscapingImport {
  readonly file: string;
  readonly line: number;
  readonly specifier: string;
}

// Static imports/exports, dynamic import(), require() and vi.mock-style string specifiers.
const specifierPattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)(['"`])([^'"`\n]+)\1/g;

/**
 * The import specifiers of one file that reach outside the repository: absolute paths (POSIX or
 * Windows), file: URLs, and relative paths that climb above the repository root. A clean clone
 * on another machine cannot resolve any of them.
 */
export function findEscapingImports(file: string, source: string, root: string): EscapingImport[] {
  const found: EscapingImport[] = [];
  for (const match of source.matchAll(specifierPattern)) {
    const specifier = match[2] ?? '';
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
