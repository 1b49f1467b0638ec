// `npm start`: builds when needed, then runs the desktop app: Electron where its binary is
// installed, else the same app through the web host in a Chromium app window (URL printed).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { withDemoKeyring } from './demo-keyring.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outputs = ['dist/renderer/index.html', 'dist/preload/index.cjs', 'dist/host/bridge.js', 'dist/main/main.mjs', 'dist/main/web-host.mjs', 'dist/main/import-worker.mjs'].map((p) => path.join(root, p));

// What the build reads; documentation beside the code does not make the build stale.
function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (!entry.name.endsWith('.md')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

const builtAt = outputs.every(existsSync) ? Math.min(...outputs.map((p) => statSync(p).mtimeMs)) : 0;
const sourcesAt = Math.max(...['main', 'preload', 'renderer'].map((d) => newestSource(path.join(root, d))));
if (builtAt < sourcesAt) {
  console.log('Building Keyhaven…');
  const res = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit', cwd: root });
  if (res.status !== 0) process.exit(res.status ?? 1);
}

// Electron 42+ downloads its binary lazily; never trigger that here, just look for it.
function electronBinary() {
  const dist = path.join(root, 'node_modules/electron/dist');
  const candidates = process.platform === 'win32' ? ['electron.exe'] : process.platform === 'darwin' ? ['Electron.app/Contents/MacOS/Electron'] : ['electron'];
  return candidates.map((c) => path.join(dist, c)).find(existsSync) ?? null;
}

const electron = electronBinary();
const args = process.argv.slice(2);
let child;
if (electron) {
  console.log('Starting Keyhaven (Electron).');
  child = spawn(...withDemoKeyring(electron, [root, ...args], args), { stdio: 'inherit', cwd: root });
} else {
  console.log('The Electron binary is not installed here: starting the same app through the web host.');
  // The built bundle of main/host/cli.ts, run by Node itself: loading one file with no TypeScript
  // transform is most of what start-up saves (test/bench/README.md, start-up).
  child = spawn(...withDemoKeyring(process.execPath, [path.join(root, 'dist/main/web-host.mjs'), '--open', ...args], args), { stdio: 'inherit', cwd: root });
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
