import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from '@playwright/test';
import { benchLine } from './bench-line';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CHROMIUM = { executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] };
const RUNS = 3;

/**
 * `startup`: from the start of the web host's process (`npm start` without Electron: the demo
 * environment, its two IdPs, the embedded backend) to the sign-in screen interactive in Chromium
 * — the email field ready for typing — against Chromium opening a static page with one field, in
 * the same run. Both include starting Chromium; the median of a few runs. The process is the one
 * `npm start` starts (the web host's bundle), in a new data folder each run.
 */
export async function benchStartup(): Promise<string[]> {
  // What `npm start` runs is the built web host (scripts/start.mjs builds it when sources changed).
  const built = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('the build failed');
  const ours: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    baseline.push(await staticPage());
    ours.push(await signInScreen());
  }
  return [benchLine('startup', median(ours), 'ms to the sign-in screen', median(baseline), 'ms Chromium opening a static page')];
}

async function signInScreen(): Promise<number> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'keyhaven-bench-startup-'));
  const start = performance.now();
  const host = spawn(process.execPath, [path.join(ROOT, 'dist/main/web-host.mjs'), '--data-dir', dataDir], {
    cwd: ROOT,
    env: withoutTenantConfig(process.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let browser: Browser | null = null;
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      let err = '';
      host.stderr.on('data', (c: Buffer) => (err += c.toString()));
      host.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /Keyhaven is running at (\S+)/.exec(out);
        if (m?.[1]) resolve(m[1]);
      });
      host.once('exit', (code) => reject(new Error(`web host exited with ${code}: ${err}`)));
    });
    browser = await chromium.launch(CHROMIUM);
    const page = await browser.newPage();
    await page.goto(url);
    await page.getByLabel('Work email').waitFor({ state: 'visible' });
    if (!(await page.getByLabel('Work email').isEditable())) throw new Error('the email field is not editable');
    return performance.now() - start;
  } finally {
    await browser?.close();
    await new Promise<void>((resolve) => {
      if (host.exitCode !== null) return resolve();
      host.once('exit', () => resolve());
      host.kill('SIGTERM');
    });
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function staticPage(): Promise<number> {
  const dir = mkdtempSync(path.join(tmpdir(), 'keyhaven-bench-static-'));
  const file = path.join(dir, 'index.html');
  writeFileSync(file, '<!doctype html><title>Static</title><label>Work email <input type="email"></label>');
  const start = performance.now();
  const browser = await chromium.launch(CHROMIUM);
  try {
    const page = await browser.newPage();
    await page.goto(`file://${file}`);
    await page.getByLabel('Work email').waitFor({ state: 'visible' });
    return performance.now() - start;
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** The demo environment is what `npm start` runs when no tenant file is named. */
function withoutTenantConfig(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { KEYHAVEN_TENANT_CONFIG: _named, ...rest } = env;
  return rest;
}
