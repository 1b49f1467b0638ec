import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIRST_SCREEN_CHANNELS } from '../../../main/host/web-host';
import { DEMO_DISABLED_MESSAGE } from '../../../main/runtime/startup-policy';
import { demoBackendPort, portTaken } from '../../support/loopback-ports';
import { expectSqliteFileWholeIfPresent } from '../../support/sqlite-file-whole';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'keyhaven-cli-startup-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function runCli(managed: object, args: string[] = []): Promise<{ code: number | null; stderr: string }> {
  const file = path.join(dir, 'managed.json');
  return writeFile(file, JSON.stringify(managed)).then(
    () =>
      new Promise((resolve) => {
        const env: NodeJS.ProcessEnv = { ...process.env, KEYHAVEN_MANAGED_CONFIG: file };
        delete env.KEYHAVEN_TENANT_CONFIG;
        execFile(path.join(root, 'node_modules/.bin/tsx'), [path.join(root, 'main/host/cli.ts'), '--data-dir', path.join(dir, 'data'), ...args], { cwd: root, env, timeout: 170_000 }, (err, _stdout, stderr) =>
          resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stderr }),
        );
      }),
  );
}

// Loading the whole host takes a while on a busy machine; the limits are generous, not timings.
describe('the web host command line', () => {
  it('refuses to start the demo when the managed configuration disables it, and says why', async () => {
    const { code, stderr } = await runCli({ disableDemo: true });
    expect(code).toBe(1);
    expect(stderr).toContain(`Keyhaven could not start: ${DEMO_DISABLED_MESSAGE}`);
  }, 180_000);

  it('refuses a --backend-url the managed configuration would refuse', async () => {
    const { code, stderr } = await runCli({}, ['--backend-url', 'http://vault.acme.test']);
    expect(code).toBe(1);
    expect(stderr).toContain('--backend-url http://vault.acme.test is not allowed');
  }, 180_000);
});

/** The web host as `npm start` runs it, in one process (node with tsx as a loader), so a signal reaches the host itself. */
function startCli(dataDir: string): { url: Promise<string>; exit: Promise<{ code: number | null; signal: string | null }>; kill(signal: NodeJS.Signals): void; output(): string } {
  const env: NodeJS.ProcessEnv = { ...process.env, KEYHAVEN_MANAGED_CONFIG: path.join(dataDir, 'no-managed-config.json') };
  delete env.KEYHAVEN_TENANT_CONFIG;
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'main/host/cli.ts'), '--data-dir', dataDir], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const exit = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /Keyhaven is running at (\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    void exit.then(() => reject(new Error(`the web host ended before printing its URL: ${out}`)));
  });
  return { url, exit, kill: (signal) => child.kill(signal), output: () => out };
}

describe('the web host command line, stopped while it starts', () => {
  it('a SIGTERM once the URL is printed (before any page asked for anything) ends it with 0, every port given back', async () => {
    const dataDir = path.join(dir, 'data');
    const cli = startCli(dataDir);
    const port = Number(new URL(await cli.url).port);
    cli.kill('SIGTERM');
    expect(await cli.exit, cli.output()).toEqual({ code: 0, signal: null });
    expect(await portTaken(port)).toBe(false);
    if (existsSync(path.join(dataDir, 'demo-backend-port'))) expect(await portTaken(await demoBackendPort(dataDir))).toBe(false);
    expect(existsSync(path.join(dataDir, 'demo-backend.sqlite'))).toBe(false);
  }, 180_000);

  it('a SIGTERM while the demo backend starts ends it with 0 once the backend is closed: ports given back, its database whole', async () => {
    const dataDir = path.join(dir, 'data');
    const cli = startCli(dataDir);
    const launchUrl = await cli.url;
    const origin = new URL(launchUrl).origin.replace('127.0.0.1', 'localhost');
    const launch = await fetch(launchUrl, { redirect: 'manual' });
    const cookie = (launch.headers.get('set-cookie') ?? '').split(';')[0]!;
    // The page's first calls: once all are answered the host starts the demo backend.
    for (const channel of FIRST_SCREEN_CHANNELS) {
      await fetch(`${origin}/rpc/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json', origin, cookie }, body: '{}' });
    }
    cli.kill('SIGTERM');
    expect(await cli.exit, cli.output()).toEqual({ code: 0, signal: null });
    expect(await portTaken(Number(new URL(launchUrl).port))).toBe(false);
    expect(await portTaken(await demoBackendPort(dataDir))).toBe(false);
    // The backend's database, if its start got that far, was closed whole.
    expectSqliteFileWholeIfPresent(path.join(dataDir, 'demo-backend.sqlite'));
  }, 180_000);
});
