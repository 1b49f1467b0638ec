import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { benchLine } from './bench-line';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * `renderer-bundle`: the JavaScript the first screen loads (index.html's module script and the
 * chunks it preloads), gzip-compressed, in KB — against all of the renderer's JavaScript
 * (every chunk, the admin area and the screens after sign-in included), built in the same run.
 */
export async function benchRendererBundle(): Promise<string[]> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'keyhaven-renderer-bundle-'));
  try {
    await build({ configFile: path.join(ROOT, 'vite.config.ts'), logLevel: 'silent', build: { outDir, emptyOutDir: true } });
    const gz = (file: string) => gzipSync(readFileSync(path.join(outDir, file)), { level: 9 }).length / 1000;
    const html = readFileSync(path.join(outDir, 'index.html'), 'utf8');
    const initial = [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="\.\/([^"]+\.js)"/g)].map((m) => m[1]!);
    if (initial.length === 0) throw new Error('no script in index.html');
    const all = readdirSync(path.join(outDir, 'assets')).filter((f) => f.endsWith('.js')).map((f) => `assets/${f}`);
    const initialKb = initial.reduce((sum, f) => sum + gz(f), 0);
    const allKb = all.reduce((sum, f) => sum + gz(f), 0);
    return [`${benchLine('renderer-bundle', initialKb, 'KB gzip initial JS', allKb, 'KB gzip all renderer JS')}; ${all.length} chunks`];
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
