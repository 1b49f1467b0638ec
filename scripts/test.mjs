// `npm test`: the whole suite. Checks the system packages first and names any that is missing,
// then runs typecheck, lint (ESLint, then knip for dead code), build, unit + integration (Vitest)
// and end-to-end (Playwright in Debian's Chromium), the tests inside a private D-Bus session with
// an unlocked gnome-keyring.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { missingPackages, missingPackagesMessage } from './system-packages.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules/.bin', name);

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(`Keyhaven's tests need Node.js 22.12 or later; this is ${process.version}. Run them with "npm test" (npm puts the project's Node 22 from the "node" package first on PATH) or install Node 22.`);
  process.exit(1);
}

const checks = {
  exists: (p) => existsSync(p),
  onPath: (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0,
  glob: (pattern) => spawnSync('sh', ['-c', `ls ${pattern}`], { stdio: 'ignore' }).status === 0,
};
const message = missingPackagesMessage(missingPackages(checks));
if (message) {
  console.error(message);
  process.exit(1);
}

const only = process.argv.slice(2);
const want = (stage) => only.length === 0 || only.includes(stage);
const reportDir = path.join(root, 'test-results');
mkdirSync(reportDir, { recursive: true });
for (const f of ['vitest.json', 'playwright.json']) rmSync(path.join(reportDir, f), { force: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
let failedStage = null;

function run(stage, cmd, args, env = {}) {
  if (!want(stage) || failedStage) return;
  console.log(`\n▶ ${stage}: ${[path.basename(cmd), ...args].join(' ')}`);
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (res.status !== 0) failedStage = stage;
}

function withKeyring(cmd, args) {
  return [path.join(root, 'scripts/with-keyring.sh'), [cmd, ...args]];
}

run('typecheck', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
run('lint', bin('eslint'), ['.', '--max-warnings=0']);
run('dead code', bin('knip'), []);
run('build', process.execPath, [path.join(root, 'scripts/build.mjs')]);

const vitestJson = path.join(reportDir, 'vitest.json');
run('unit', ...withKeyring(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile=${vitestJson}`]));
collect(vitestJson, (r) => ({ passed: r.numPassedTests, failed: r.numFailedTests, skipped: (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0) }));

const pwJson = path.join(reportDir, 'playwright.json');
run('e2e', ...withKeyring(bin('playwright'), ['test', '--reporter=list,json']), { PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson });
collect(pwJson, (r) => ({ passed: r.stats?.expected ?? 0, failed: (r.stats?.unexpected ?? 0) + (r.stats?.flaky ?? 0), skipped: r.stats?.skipped ?? 0 }));

function collect(file, pick) {
  if (!existsSync(file)) return;
  try {
    const counts = pick(JSON.parse(readFileSync(file, 'utf8')));
    totals.passed += counts.passed ?? 0;
    totals.failed += counts.failed ?? 0;
    totals.skipped += counts.skipped ?? 0;
  } catch {
    // A stage that crashed before writing its report already failed the run.
  }
}

console.log('');
if (failedStage) console.log(`Stage failed: ${failedStage}`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedStage || totals.failed > 0 ? 1 : 0);
