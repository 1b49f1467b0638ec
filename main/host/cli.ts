// The web host from the command line: `tsx main/host/cli.ts [--config FILE | --backend-url URL]
// [--port N] [--data-dir DIR] [--open] [--hidden]` (`npm start` runs its bundle, dist/main/web-host.mjs). --hidden is the start at login: signed out, it
// signs in by SSO for the last email with no input. Which backend runs is decided by the startup
// policy shared with Electron (main/runtime/startup-policy.ts): a flag, else the managed backendUrl,
// else KEYHAVEN_TENANT_CONFIG, else the demo tenant with its identity providers (unless the managed
// configuration disables it). Prints the URL to open; stops on SIGINT/SIGTERM, during start-up too.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { loadManagedConfig } from '../platform/managed-config';
import { createLogger } from '../log/logger';
import { decideStartup } from '../runtime/startup-policy';
import { DEMO_TENANT } from '../demo/demo-tenant';
import { startWebHost, type WebHost } from './web-host';
import { applyHeapSettings } from '../process/heap-settings';

// First, before the process's work: V8's heap settings (main/process/heap-settings.ts).
applyHeapSettings();

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function defaultDataDir(): string {
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? os.homedir(), 'Keyhaven');
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library/Application Support/Keyhaven');
  return path.join(process.env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), 'Keyhaven');
}

function openChromium(url: string): boolean {
  const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p));
  if (!chromium) return false;
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return false;
  const profile = mkdtempSync(path.join(os.tmpdir(), 'keyhaven-chromium-'));
  const child = spawn(
    chromium,
    [`--app=${url}`, `--user-data-dir=${profile}`, '--no-first-run', '--disable-background-networking', '--disable-sync', '--window-size=1100,760'],
    { stdio: 'ignore', detached: true },
  );
  child.unref();
  return true;
}

async function main(): Promise<number> {
  // The stop signals are listened for first: one that comes while the host starts (a service
  // manager stopping it, Ctrl+C) stops the start and closes what had started, instead of ending
  // the process with ports held and the backend's database mid-write.
  const stopping = new AbortController();
  const stopRequested = new Promise<void>((resolve) => {
    const stop = (): void => {
      stopping.abort(new Error('stopped by a signal'));
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  const { values } = parseArgs({
    options: {
      config: { type: 'string' },
      'backend-url': { type: 'string' },
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      open: { type: 'boolean', default: false },
      hidden: { type: 'boolean', default: false },
    },
  });
  const userDataDir = values['data-dir'] ? path.resolve(values['data-dir']) : defaultDataDir();
  const logDir = path.join(userDataDir, 'logs');
  const logger = createLogger({ logFile: { dir: logDir } });
  const managed = await loadManagedConfig({ platform: process.platform, env: process.env, readFile: (p) => readFile(p) });
  const plan = decideStartup({
    managed,
    env: process.env,
    cwd: process.cwd(),
    flags: { ...(values.config ? { config: values.config } : {}), ...(values['backend-url'] ? { backendUrl: values['backend-url'] } : {}) },
  });
  if (plan.kind === 'refused') throw new Error(plan.message);
  const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { version: string };
  let host: WebHost;
  try {
    host = await startWebHost({
      userDataDir,
      logDir,
      backend: plan.backend,
      hiddenStartTimeoutMs: plan.hiddenStartTimeoutMs,
      distDir: path.join(root, 'dist'),
      managed,
      logger,
      version: pkg.version,
      ...(values.port ? { port: Number(values.port) } : {}),
      hidden: values.hidden,
      backendStart: 'after-first-screen',
      signal: stopping.signal,
      // The page can be opened while main's services, the demo's identity providers and backend still start.
      onListening: (transport) => {
        // Each launch URL carries its own one-time code: the printed one stays usable by a person even
        // after the Chromium window below used its own.
        console.log(`Keyhaven is running at ${transport.launchUrl}`);
        if (plan.backend.kind === 'demo') {
          console.log('Demo accounts (the identity providers’ sign-in pages list them too):');
          for (const user of (plan.backend.spec ?? DEMO_TENANT).users) console.log(`  ${user.email}  password: ${user.password}`);
        }
        if (values.open) {
          if (openChromium(transport.launchUrl)) console.log('Opened Keyhaven in a Chromium app window.');
          else console.log('No Chromium window could be opened here (no Chromium or no display): open the URL above in a browser.');
        }
      },
      openExternal: async (url) => {
        // The system browser: xdg-open where there is a desktop; otherwise the URL is printed.
        if (process.platform === 'linux' && (process.env.DISPLAY || process.env.WAYLAND_DISPLAY) && existsSync('/usr/bin/xdg-open')) {
          spawn('/usr/bin/xdg-open', [url], { stdio: 'ignore', detached: true }).unref();
        }
        console.log(`Sign in at your identity provider: ${url}`);
      },
    });
  } catch (err) {
    // Stopped while starting: startWebHost has closed what had started.
    if (stopping.signal.aborted) return 0;
    throw err;
  }
  void host.hiddenStart?.then((result) => {
    console.log(result.kind === 'signed-in' ? 'Signed in without any input (hidden start).' : `Hidden start: ${host.notifications.map((n) => n.title).join('; ')}`);
  });
  await stopRequested;
  await host.close();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`Keyhaven could not start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
