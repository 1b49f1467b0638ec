import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../../..');
const FIXTURES = path.join(ROOT, 'test/fixtures');
const dir = mkdtempSync(path.join(tmpdir(), 'keyhaven-cli-'));

function runCli(args: string[], env: Record<string, string | undefined> = {}): { child: ChildProcess; stdout: () => string; stderr: () => string; exit: Promise<number | null> } {
  // As `npm run backend` runs it: node with tsx as a loader, one process, so SIGTERM reaches the backend itself.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'main/backend/cli.ts'), ...args], {
    cwd: ROOT,
    // Node 22 from node_modules first, as npm scripts have it.
    env: { ...process.env, PATH: `${path.join(ROOT, 'node_modules/.bin')}:${process.env.PATH ?? ''}`, KEYHAVEN_SECRET_KEY: randomBytes(32).toString('base64'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exit };
}

async function waitFor(check: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('npm run backend (cli.ts)', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints one listening line, serves /healthz, keeps its SQLite file beside the config and stops on SIGTERM with 0', async () => {
    const config = path.join(dir, 'acme.yaml');
    copyFileSync(path.join(FIXTURES, 'tenant-example.yaml'), config);
    copyFileSync(path.join(FIXTURES, 'example-idp-metadata.xml'), path.join(dir, 'example-idp-metadata.xml'));
    const cli = runCli(['--config', config, '--port', '0']);
    await waitFor(() => cli.stdout().includes('\n') || cli.child.exitCode !== null, 60_000);
    const lines = cli.stdout().split('\n').filter(Boolean);
    expect(lines, cli.stderr()).toHaveLength(1);
    const m = /^listening on (http:\/\/127\.0\.0\.1:(\d+))$/.exec(lines[0] ?? '');
    expect(m).not.toBeNull();
    expect(Number(m?.[2])).toBeGreaterThan(0);
    const res = await fetch(`${m?.[1]}/healthz`);
    expect(await res.json()).toEqual({ status: 'ok' });
    expect(existsSync(path.join(dir, 'acme.sqlite'))).toBe(true);
    cli.child.kill('SIGTERM');
    expect(await cli.exit).toBe(0);
    expect(cli.stdout().split('\n').filter(Boolean)).toHaveLength(1);
  }, 90_000);

  it('takes --db, --host and --public-url as given, and stops on SIGINT with 0', async () => {
    const config = path.join(dir, 'flags.yaml');
    copyFileSync(path.join(FIXTURES, 'tenant-example.yaml'), config);
    copyFileSync(path.join(FIXTURES, 'example-idp-metadata.xml'), path.join(dir, 'example-idp-metadata.xml'));
    const db = path.join(dir, 'elsewhere', 'vault-backend.sqlite');
    mkdirSync(path.dirname(db));
    const cli = runCli(['--config', config, '--db', db, '--host', '127.0.0.1', '--port', '0', '--public-url', 'https://keyhaven.acme.test']);
    await waitFor(() => cli.stdout().includes('\n') || cli.child.exitCode !== null, 60_000);
    const base = /^listening on (http:\/\/127\.0\.0\.1:\d+)\n$/.exec(cli.stdout())?.[1];
    expect(base, cli.stderr()).toBeDefined();
    // The public URL (not the listening address, nor the config's publicUrl) is the base of the SP's URLs.
    const metadata = await (await fetch(`${base}/sso/saml/okta/metadata`)).text();
    expect(metadata).toContain('entityID="https://keyhaven.acme.test/sso/saml/okta/metadata"');
    expect(metadata).toContain('Location="https://keyhaven.acme.test/sso/saml/okta/acs"');
    expect(existsSync(db)).toBe(true);
    expect(existsSync(path.join(dir, 'flags.sqlite'))).toBe(false);
    cli.child.kill('SIGINT');
    expect(await cli.exit).toBe(0);
  }, 90_000);

  it('refuses to start without KEYHAVEN_SECRET_KEY, naming it (exit 2, nothing listening)', async () => {
    const config = path.join(dir, 'nokey.yaml');
    copyFileSync(path.join(FIXTURES, 'tenant-example.yaml'), config);
    copyFileSync(path.join(FIXTURES, 'example-idp-metadata.xml'), path.join(dir, 'example-idp-metadata.xml'));
    const cli = runCli(['--config', config, '--port', '0'], { KEYHAVEN_SECRET_KEY: undefined, KEYHAVEN_SECRET_KEY_FILE: undefined });
    expect(await cli.exit).toBe(2);
    expect(cli.stdout()).toBe('');
    expect(cli.stderr()).toContain('KEYHAVEN_SECRET_KEY is not set');
    expect(existsSync(path.join(dir, 'nokey.sqlite'))).toBe(false);

    const short = runCli(['--config', config, '--port', '0'], { KEYHAVEN_SECRET_KEY: Buffer.alloc(16, 1).toString('base64') });
    expect(await short.exit).toBe(2);
    expect(short.stderr()).toContain('KEYHAVEN_SECRET_KEY must hold at least 32 random bytes');
  }, 90_000);

  it('starts with the key in a file named by KEYHAVEN_SECRET_KEY_FILE', async () => {
    const config = path.join(dir, 'keyfile.yaml');
    copyFileSync(path.join(FIXTURES, 'tenant-example.yaml'), config);
    copyFileSync(path.join(FIXTURES, 'example-idp-metadata.xml'), path.join(dir, 'example-idp-metadata.xml'));
    const keyFile = path.join(dir, 'secret.key');
    writeFileSync(keyFile, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
    const cli = runCli(['--config', config, '--port', '0'], { KEYHAVEN_SECRET_KEY: undefined, KEYHAVEN_SECRET_KEY_FILE: keyFile });
    await waitFor(() => cli.stdout().includes('\n') || cli.child.exitCode !== null, 60_000);
    expect(cli.stdout(), cli.stderr()).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+\n$/);
    cli.child.kill('SIGTERM');
    expect(await cli.exit).toBe(0);
  }, 90_000);

  it('refuses an admin token shorter than 32 characters at config load, naming the path', async () => {
    const config = path.join(dir, 'short-token.yaml');
    const text = readFileSync(path.join(FIXTURES, 'tenant-example.yaml'), 'utf8').replace('example-admin-token-change-me-0123456789', 'short-admin-token');
    writeFileSync(config, text.replace('./example-idp-metadata.xml', path.join(FIXTURES, 'example-idp-metadata.xml')));
    const cli = runCli(['--config', config, '--port', '0']);
    expect(await cli.exit).toBe(2);
    expect(cli.stderr()).toContain(`${config}: admin.token: must be at least 32 characters`);
  }, 90_000);

  it('exits with 2 and names file, path and reason for a bad config', async () => {
    const config = path.join(dir, 'bad.yaml');
    const text = readFileSync(path.join(FIXTURES, 'tenant-example.yaml'), 'utf8').replace('node: Sales', 'node: Marketing');
    writeFileSync(config, text.replace('./example-idp-metadata.xml', path.join(FIXTURES, 'example-idp-metadata.xml')));
    const cli = runCli(['--config', config, '--port', '0']);
    expect(await cli.exit).toBe(2);
    expect(cli.stdout()).toBe('');
    expect(cli.stderr()).toContain(`${config}: sso[1].node: unknown node "Marketing"`);
  }, 90_000);
});
