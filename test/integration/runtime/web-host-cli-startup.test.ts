import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_DISABLED_MESSAGE } from '../../../main/runtime/startup-policy';

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
