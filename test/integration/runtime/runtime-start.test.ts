import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { API } from '../../../main/api/api';
import { createLogger } from '../../../main/log/logger';
import { DEMO_OIDC_DOMAIN } from '../../../main/demo/demo-tenant';
import { freeLoopbackPort } from '../../../main/demo/free-port';
import { startRuntime, type Runtime, type RuntimeOptions } from '../../../main/runtime/create-runtime';
import { startWebHost } from '../../../main/host/web-host';
import type { WebTransport } from '../../../main/host/web-transport';
import { createMemoryKeychainForTests } from '../../support/memory-keychain';

let dir: string;
const opened: Runtime[] = [];
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'keyhaven-runtime-start-'));
});
afterEach(async () => {
  for (const runtime of opened.splice(0)) await runtime.close();
  await rm(dir, { recursive: true, force: true });
});

async function options(userDataDir: string): Promise<RuntimeOptions> {
  return {
    host: 'web',
    version: '0.0.0',
    platform: process.platform,
    env: {},
    userDataDir,
    logger: createLogger({ level: 'silent' }),
    keychain: createMemoryKeychainForTests(),
    clipboard: { writeText: () => undefined, readText: () => '', clear: () => undefined },
    openExternal: async () => undefined,
    bringToFront: () => undefined,
    managed: { kind: 'none' },
    backend: { kind: 'demo' },
    samlAcsPorts: [await freeLoopbackPort()],
    importWorkerFile: path.join(userDataDir, 'unused-import-worker.mjs'),
  };
}

/** Whether something accepts connections on 127.0.0.1:port (a bind that fails means it is taken). */
function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(true));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve(false)));
  });
}

const demoPort = async (userDataDir: string): Promise<number> => Number((await readFile(path.join(userDataDir, 'demo-backend-port'), 'utf8')).trim());

// The first screen needs this device's settings and keychain only: the demo's identity providers
// and backend start after it is served (or at the first call that needs them).
describe('start-up: the handler table answers before the demo backend starts', () => {
  it('answers the first screen with no backend started, and a backend call made then starts it and waits for it', async () => {
    const starting = await startRuntime(await options(dir));
    const port = await demoPort(dir);
    // The port is held for the backend (so nothing else takes it); the backend has not made its database yet.
    expect(await portTaken(port)).toBe(true);
    expect(existsSync(path.join(dir, 'demo-backend.sqlite'))).toBe(false);
    expect(await starting.table.getSession({}, { transport: 'web' })).toEqual({ kind: 'signed-out' });
    expect(await starting.table.getAppInfo({}, { transport: 'web' })).toMatchObject({ demo: true, host: 'web' });

    const lookup = await starting.services.backend.call(API.sso.lookup, { query: { email: `alice@${DEMO_OIDC_DOMAIN}` } });
    expect(lookup).toMatchObject({ connectionId: 'demo-oidc', type: 'oidc' });
    const runtime = await starting.ready();
    opened.push(runtime);
    expect(runtime.backendUrl).toBe(`http://127.0.0.1:${port}`);
    expect(runtime.demo?.oidcIssuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    expect(await starting.ready()).toBe(runtime);
    expect(existsSync(path.join(dir, 'demo-backend.sqlite'))).toBe(true);
  }, 120_000);

  it('a demo backend that cannot start fails ready() and the calls waiting for it, and releases its port', async () => {
    // The demo's sealing key file cannot be read or written when a folder stands in its place.
    await mkdir(path.join(dir, 'demo-backend.key'), { recursive: true });
    const starting = await startRuntime(await options(dir));
    const port = await demoPort(dir);
    const call = starting.services.backend.call(API.sso.lookup, { query: { email: `alice@${DEMO_OIDC_DOMAIN}` } });
    await expect(starting.ready()).rejects.toThrow(/demo-backend\.key|EISDIR/);
    await expect(call).rejects.toMatchObject({ code: 'backend_unreachable' });
    expect(await portTaken(port)).toBe(false);
  }, 120_000);
});

describe('start-up: the web host that `npm start` runs', () => {
  it('starts the demo backend once a page has the session its first screen waits for', async () => {
    const distDir = path.join(dir, 'dist');
    await mkdir(path.join(distDir, 'host'), { recursive: true });
    await writeFile(path.join(distDir, 'host/bridge.js'), '');
    const userDataDir = path.join(dir, 'data');
    let listening: (transport: WebTransport) => void = () => undefined;
    const transportUp = new Promise<WebTransport>((resolve) => (listening = resolve));
    const hostUp = startWebHost({
      userDataDir,
      backend: { kind: 'demo' },
      distDir,
      keychain: createMemoryKeychainForTests(),
      logger: createLogger({ level: 'silent' }),
      samlAcsPorts: [await freeLoopbackPort()],
      backendStart: 'after-first-screen',
      onListening: (transport) => listening(transport),
    });
    const transport = await transportUp;
    const origin = transport.url.replace(/\/$/, '');
    const launch = await fetch(transport.launchUrl, { redirect: 'manual' });
    const cookie = (launch.headers.get('set-cookie') ?? '').split(';')[0]!;
    const call = (channel: string) => fetch(`${origin}/rpc/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json', origin, cookie }, body: '{}' }).then((r) => r.json());
    expect(await call('getAppInfo')).toMatchObject({ ok: true, value: { demo: true } });
    expect(existsSync(path.join(userDataDir, 'demo-backend.sqlite'))).toBe(false);
    expect(await call('getSession')).toEqual({ ok: true, value: { kind: 'signed-out' } });
    const host = await hostUp;
    try {
      expect(existsSync(path.join(userDataDir, 'demo-backend.sqlite'))).toBe(true);
      expect(host.runtime.demo).not.toBeNull();
    } finally {
      await host.close();
    }
  }, 120_000);
});
