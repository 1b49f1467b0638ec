import path from 'node:path';

/**
 * esbuild options for a main-process ESM bundle (the Electron main, the import worker): runtime
 * packages stay in node_modules (packaged by electron-builder; keytar and better-sqlite3 are
 * N-API and load as they are), and `require` exists for the CommonJS ones.
 */
export function nodeBundleOptions(root, entry, outfile) {
  return {
    entryPoints: [path.join(root, entry)],
    outfile: path.isAbsolute(outfile) ? outfile : path.join(root, outfile),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    external: ['electron'],
    banner: { js: "import { createRequire as __kh_createRequire } from 'node:module'; const require = __kh_createRequire(import.meta.url);" },
    logLevel: 'warning',
  };
}
