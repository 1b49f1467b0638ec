import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const URL_LINE = '-- stdout: running at';
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'keyhaven-first-modules-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * Runs the web host's command line (node with tsx, as the CLI tests do) with every module it
 * resolves logged in order (test/support/module-load-log.mjs), until zod has been loaded —
 * which main's services always do once the URL is out — then stops it. Answers the modules
 * resolved before the URL was printed, and whether the URL was printed at all.
 */
async function modulesBeforeUrl(managedFile: string): Promise<{ before: string[]; printed: boolean; zodAfter: boolean }> {
  const log = path.join(dir, 'modules.log');
  const env: NodeJS.ProcessEnv = { ...process.env, KEYHAVEN_MANAGED_CONFIG: managedFile, KEYHAVEN_MODULE_LOG: log };
  delete env.KEYHAVEN_TENANT_CONFIG;
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--import', path.join(root, 'test/support/module-load-log.mjs'), path.join(root, 'main/host/cli.ts'), '--data-dir', path.join(dir, 'data')],
    { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const read = (): string[] => (existsSync(log) ? readFileSync(log, 'utf8').split('\n') : []);
  const isZod = (line: string): boolean => line.includes('/node_modules/zod/');
  try {
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      const lines = read();
      const at = lines.indexOf(URL_LINE);
      if (at >= 0 && lines.slice(at).some(isZod)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
  const lines = read();
  const at = lines.indexOf(URL_LINE);
  return { before: at >= 0 ? lines.slice(0, at) : lines, printed: at >= 0, zodAfter: at >= 0 && lines.slice(at).some(isZod) };
}

describe('the web host before its URL', () => {
  it('loads no zod when the machine has no managed configuration; main’s services load it after the URL', async () => {
    const { before, printed, zodAfter } = await modulesBeforeUrl(path.join(dir, 'no-managed.json'));
    expect(printed).toBe(true);
    expect(before.length).toBeGreaterThan(10);
    expect(before.filter((m) => m.includes('/node_modules/zod/'))).toEqual([]);
    // The log sees zod when it is loaded: after the URL, for main's services.
    expect(zodAfter).toBe(true);
  }, 150_000);

  it('checks a managed configuration that is there with the schema, before the URL', async () => {
    const file = path.join(dir, 'managed.json');
    await writeFile(file, JSON.stringify({ ssoDomain: 'oidc.demo.keyhaven.test' }));
    const { before, printed } = await modulesBeforeUrl(file);
    expect(printed).toBe(true);
    expect(before.some((m) => m.endsWith('/main/platform/managed-config-schema.ts'))).toBe(true);
    expect(before.some((m) => m.includes('/node_modules/zod/'))).toBe(true);
  }, 150_000);
});
