import { cpSync, readFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

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
 * Packages whose ESM entry only re-exports the modules of their CommonJS entry (ws's wrapper.mjs
 * imports the very files index.js requires): requiring them gives the same objects.
 */
const ESM_WRAPPERS_OF_COMMONJS = new Set(['ws']);

/** The format Node gives a file: .mjs and .cjs say it, a .js file follows its nearest package.json. */
function isCommonJsFile(file) {
  if (file.endsWith('.cjs')) return true;
  if (!file.endsWith('.js')) return false;
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    let manifest;
    try {
      manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    } catch {
      continue;
    }
    return manifest.type !== 'module';
  }
  return true;
}

/**
 * Imports of CommonJS packages, and of Node's built-in modules, become `require` calls in the
 * bundle. Node imports a CommonJS module into ESM by parsing its source, and that of every file it
 * requires, with cjs-module-lexer to find its export names: about half of the CPU time of loading
 * ws, pino, kdbxweb or xmldom (measured in test/bench/README.md, start-up). Only packages that
 * `import` and `require` resolve to the same CommonJS file are rewritten, so each module is still
 * loaded once, from Node's one CommonJS cache, whichever way other code reaches it; a built-in
 * module is the same object either way.
 */
function commonJsByRequire(root) {
  const requireFromRoot = createRequire(path.join(root, 'package.json'));
  const answers = new Map();
  const loadsAsCommonJs = (specifier) => {
    // Node's own modules too: importing one as ESM makes its facade read every export, and
    // node:http's WebSocket, MessageEvent and CloseEvent are getters that load undici (the whole
    // fetch implementation): about 33 ms before the web host's URL, against 5 ms by `require`.
    if (isBuiltin(specifier)) return true;
    if (!answers.has(specifier)) {
      let answer = false;
      try {
        const required = requireFromRoot.resolve(specifier);
        const imported = fileURLToPath(import.meta.resolve(specifier, pathToFileURL(path.join(root, 'package.json')).href));
        const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
        answer = isCommonJsFile(required) && (imported === required || ESM_WRAPPERS_OF_COMMONJS.has(name));
      } catch {
        answer = false; // not resolvable from here (electron): left to the external import
      }
      answers.set(specifier, answer);
    }
    return answers.get(specifier);
  };
  return {
    name: 'commonjs-by-require',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.namespace === 'commonjs-by-require') return { path: args.path, external: true };
        // Static imports only: esbuild gives a CommonJS module reached by `import()` a default
        // export alone, where Node also gives its named exports; such imports stay Node's.
        if (args.kind !== 'import-statement') return undefined;
        return loadsAsCommonJs(args.path) ? { path: args.path, namespace: 'commonjs-by-require' } : undefined;
      });
      build.onLoad({ filter: /.*/, namespace: 'commonjs-by-require' }, (args) => ({
        contents: `module.exports = require(${JSON.stringify(args.path)});`,
        loader: 'js',
      }));
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
    plugins: [commonJsByRequire(root), samlSchemas(root, path.dirname(out))],
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
    plugins: [commonJsByRequire(root), samlSchemas(root, out)],
  };
}
