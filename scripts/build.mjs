// Builds every part: the renderer (Vite), the preload (one CommonJS file, so it runs with
// sandbox: true), the Electron main bundle, the web host's bundle and its browser bridge.
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { fileURLToPath } from 'node:url';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { nodeAppBundleOptions, nodeBundleOptions } from './node-bundle.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
const want = (part) => only.length === 0 || only.includes(part);

// The preload and the web host's bridge need only the contract's channel names: checking the
// schemas is main's job. They are built with a stand-in for zod that constructs nothing, so
// neither ships a validator it never runs (and the sandboxed preload stays a few kilobytes).
const zodStandIn = {
  name: 'zod-stand-in',
  setup(build) {
    build.onResolve({ filter: /^zod$/ }, () => ({ path: 'zod', namespace: 'zod-stand-in' }));
    build.onLoad({ filter: /.*/, namespace: 'zod-stand-in' }, () => ({
      contents: 'const schema = new Proxy(function () {}, { get: () => schema, apply: () => schema }); export const z = schema;',
      loader: 'js',
    }));
  },
};

if (want('renderer')) {
  await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
}
if (want('preload')) {
  await esbuild({
    entryPoints: [path.join(root, 'preload/index.ts')],
    outfile: path.join(root, 'dist/preload/index.cjs'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['electron'],
    plugins: [zodStandIn],
    logLevel: 'warning',
  });
}
if (want('bridge')) {
  await esbuild({
    entryPoints: [path.join(root, 'main/host/browser-bridge.ts')],
    outfile: path.join(root, 'dist/host/bridge.js'),
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    plugins: [zodStandIn],
    logLevel: 'warning',
  });
}
if (want('main')) {
  // The Electron main ('dist/main/main.mjs') and the web host that `npm start` runs without
  // Electron ('dist/main/web-host.mjs'): no TypeScript transform at each start, and the backend's
  // modules in chunks loaded only when a backend starts.
  rmSync(path.join(root, 'dist/main'), { recursive: true, force: true });
  await esbuild(nodeAppBundleOptions(root, { main: 'main/app/main.ts', 'web-host': 'main/host/cli.ts' }, 'dist/main'));
}
if (want('main') || want('worker')) {
  await esbuild(nodeBundleOptions(root, 'main/import/parse-worker.ts', 'dist/main/import-worker.mjs'));
}
console.log(`built ${only.length ? only.join(', ') : 'renderer, preload, bridge, main'}`);
