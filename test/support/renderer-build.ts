import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** What the renderer's production build ships, as the bench and the size guard read it. */
export interface RendererBuild {
  /** index.html's module script and the chunks it preloads: what the first screen loads. */
  readonly initialFiles: readonly string[];
  /** Every JavaScript chunk, the lazy ones included. */
  readonly allFiles: readonly string[];
  /** gzip-compressed (level 9) KB (1,000 bytes) of the initial chunks. */
  readonly initialKb: number;
  readonly allKb: number;
  /** Characters (minified, not compressed) of the initial chunks per source module, largest first. */
  readonly initialSources: ReadonlyArray<{ readonly source: string; readonly chars: number }>;
}

/**
 * Builds the renderer with vite.config.ts into a temporary folder, as `scripts/build.mjs` does
 * (production mode whatever NODE_ENV the caller runs under: under Vitest it is `test`, which
 * would give React's development build), and measures it. Source maps are written `hidden`, so
 * the chunks are byte for byte the shipped ones (no sourceMappingURL comment); they only serve
 * to say which source module each character of the initial chunks came from.
 */
export async function buildRenderer(): Promise<RendererBuild> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'keyhaven-renderer-build-'));
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: path.join(ROOT, 'vite.config.ts'),
      root: path.join(ROOT, 'renderer'),
      mode: 'production',
      logLevel: 'silent',
      build: { outDir, emptyOutDir: true, sourcemap: 'hidden' },
    });
    return measure(outDir);
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
    rmSync(outDir, { recursive: true, force: true });
  }
}

function measure(outDir: string): RendererBuild {
  const html = readFileSync(path.join(outDir, 'index.html'), 'utf8');
  const initialFiles = [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="\.\/([^"]+\.js)"/g)].map((m) => m[1]!);
  if (initialFiles.length === 0) throw new Error('renderer build: no module script in index.html');
  const allFiles = readdirSync(path.join(outDir, 'assets'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => `assets/${f}`);
  const gzipKb = (file: string) => gzipSync(readFileSync(path.join(outDir, file)), { level: 9 }).length / 1000;
  const sum = (files: readonly string[]) => files.reduce((total, f) => total + gzipKb(f), 0);
  const chars = new Map<string, number>();
  for (const file of initialFiles) {
    for (const [source, n] of charsPerSource(outDir, file)) chars.set(source, (chars.get(source) ?? 0) + n);
  }
  return {
    initialFiles,
    allFiles,
    initialKb: sum(initialFiles),
    allKb: sum(allFiles),
    initialSources: [...chars].map(([source, n]) => ({ source, chars: n })).sort((a, b) => b.chars - a.chars),
  };
}

/**
 * Attributes each character of a chunk to the source module its source map names for it (a mapping
 * segment runs to the next one on its line). A chunk without a map (rolldown's tiny runtime) is
 * counted as `(runtime)`. Sources are repo-relative; a dependency's read `node_modules/<pkg>/…`.
 */
function charsPerSource(outDir: string, file: string): Map<string, number> {
  const code = readFileSync(path.join(outDir, file), 'utf8');
  const result = new Map<string, number>();
  const add = (source: string, n: number) => result.set(source, (result.get(source) ?? 0) + n);
  let map: { sources: string[]; mappings: string };
  try {
    map = JSON.parse(readFileSync(path.join(outDir, `${file}.map`), 'utf8')) as typeof map;
  } catch {
    add('(runtime)', code.length);
    return result;
  }
  const mapDir = path.dirname(path.join(outDir, file));
  const names = map.sources.map((s) => {
    const absolute = path.resolve(mapDir, s);
    const inModules = absolute.lastIndexOf(`${path.sep}node_modules${path.sep}`);
    return inModules >= 0 ? absolute.slice(inModules + 1) : path.relative(ROOT, absolute);
  });
  const lines = code.split('\n');
  let sourceIndex = 0;
  map.mappings.split(';').forEach((line, lineIndex) => {
    const text = lines[lineIndex] ?? '';
    const segments: Array<{ column: number; source: number }> = [];
    let column = 0;
    for (const segment of line.split(',')) {
      if (segment === '') continue;
      const fields = decodeVlq(segment);
      column += fields[0]!;
      if (fields.length > 1) sourceIndex += fields[1]!;
      segments.push({ column, source: fields.length > 1 ? sourceIndex : -1 });
    }
    segments.forEach((s, i) => {
      const end = segments[i + 1]?.column ?? text.length;
      add(s.source >= 0 ? names[s.source]! : '(unmapped)', end - s.column);
    });
  });
  return result;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** One source map segment: base64 VLQ numbers (5 bits a digit, continuation bit, sign in bit 0). */
function decodeVlq(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64.indexOf(char);
    if (digit < 0) throw new Error(`source map: not a base64 digit: ${char}`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}
