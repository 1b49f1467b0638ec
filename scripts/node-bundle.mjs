import { cpSync } from 'node:fs';
import path from 'node:path';

/** The SAML schema validator reads its .xsd files from `schemas/` beside its module at run time. */
const SAML_VALIDATOR = 'main/backend/saml/saml-schema-validator.ts';
const SAML_SCHEMAS = 'main/backend/saml/schemas';

/** Copies the SAML schemas to `schemas/` in `outDir` when the bundle there includes the validator. */
function samlSchemas(root, outDir) {
  return {
    name: 'saml-schemas',
    setup(build) {
      build.onEnd((result) => {
        if (result.errors.length > 0 || !(SAML_VALIDATOR in (result.metafile?.inputs ?? {}))) return;
        const from = path.join(root, SAML_SCHEMAS);
        cpSync(from, path.join(outDir, 'schemas'), {
          recursive: true,
          filter: (source) => source === from || source.endsWith('.xsd'),
        });
      });
    },
  };
}

/**
 * esbuild options for a main-process ESM bundle (the Electron main, the import worker): runtime
 * packages stay in node_modules (packaged by electron-builder; keytar and better-sqlite3 are
 * N-API and load as they are), `require` exists for the CommonJS ones, and a bundle that
 * includes the SAML schema validator gets its .xsd files beside it (`schemas/`).
 */
export function nodeBundleOptions(root, entry, outfile) {
  const out = path.isAbsolute(outfile) ? outfile : path.join(root, outfile);
  return {
    entryPoints: [path.join(root, entry)],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    external: ['electron'],
    banner: { js: "import { createRequire as __kh_createRequire } from 'node:module'; const require = __kh_createRequire(import.meta.url);" },
    absWorkingDir: root, // the metafile's input paths are relative to it
    metafile: true,
    plugins: [samlSchemas(root, path.dirname(out))],
    logLevel: 'warning',
  };
}

/**
 * The app's entry points (the Electron main, the web host) as one split ESM build in `outDir`:
 * `{ name: entry }` gives `outDir/name.mjs`, and what both share, or what is only reached through
 * `import()` (the embedded backend and the demo IdPs, see main/runtime/create-runtime.ts), goes
 * into chunks beside them, so a process loads those modules and their packages only when it
 * starts a backend. The SAML schemas go to `outDir/schemas/`, beside the chunk with the validator.
 */
export function nodeAppBundleOptions(root, entries, outDir) {
  const out = path.isAbsolute(outDir) ? outDir : path.join(root, outDir);
  const { outfile: _single, ...options } = nodeBundleOptions(root, Object.values(entries)[0], path.join(out, 'unused.mjs'));
  return {
    ...options,
    entryPoints: Object.fromEntries(Object.entries(entries).map(([name, entry]) => [name, path.join(root, entry)])),
    outdir: out,
    splitting: true,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunk-[hash]',
    plugins: [samlSchemas(root, out)],
  };
}
