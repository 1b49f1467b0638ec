import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { API } from '../../../main/api/api';
import { createLogger } from '../../../main/log/logger';
import { DEMO_OIDC_DOMAIN } from '../../../main/demo/demo-tenant';
import { freeLoopbackPort } from '../../../main/demo/free-port';
import { DEMO_IDP_KEYS_FILE, startRuntime, type Runtime, type RuntimeOptions } from '../../../main/runtime/create-runtime';
import { FIRST_SCREEN_CHANNELS, startWebHost } from '../../../main/host/web-host';
import type { WebTransport } from '../../../main/host/web-transport';
import { createMemoryKeychainForTests } from '../../support/memory-keychain';
import { demoBackendPort, portTaken } from '../../support/loopback-ports';
import { expectSqliteFileWholeIfPresent } from '../../support/sqlite-file-whole';

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

// The first screen needs this device's settings and keychain only: the demo's identity providers
// and backend start after it is served (or at the first call that needs them).
describe('start-up: the handler table answers before the demo backend starts', () => {
  it('answers the first screen with no backend started, and a backend call made then starts it and waits for it', async () => {
    const starting = await startRuntime(await options(dir));
    const port = await demoBackendPort(dir);
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
    const port = await demoBackendPort(dir);
    const call = starting.services.backend.call(API.sso.lookup, { query: { email: `alice@${DEMO_OIDC_DOMAIN}` } });
    await expect(starting.ready()).rejects.toThrow(/demo-backend\.key|EISDIR/);
    await expect(call).rejects.toMatchObject({ code: 'backend_unreachable' });
    expect(await portTaken(port)).toBe(false);
  }, 120_000);
});

describe('start-up: the demo keeps its identity providers’ keys', () => {
  const oidcKeyIds = async (runtime: Runtime): Promise<string[]> => {
    const discovery = (await (await fetch(`${runtime.demo?.oidcIssuer}/.well-known/openid-configuration`)).json()) as { jwks_uri: string };
    const jwks = (await (await fetch(discovery.jwks_uri)).json()) as { keys: { kid: string }[] };
    return jwks.keys.map((k) => k.kid);
  };
  const samlCertificate = (runtime: Runtime): string | undefined => {
    const connection = runtime.demo?.config.sso.find((c) => c.type === 'saml');
    return connection?.type === 'saml' ? /<ds:X509Certificate>([^<]+)</.exec(connection.idpMetadataXml)?.[1] : undefined;
  };

  it('a demo started again in the same data folder signs with the keys it made the first time (kept 0600)', async () => {
    const first = await (await startRuntime(await options(dir))).ready();
    const kids = await oidcKeyIds(first);
    const cert = samlCertificate(first);
    await first.close();
    expect(cert).toMatch(/^MII/);
    if (process.platform !== 'win32') expect((await stat(path.join(dir, DEMO_IDP_KEYS_FILE))).mode & 0o777).toBe(0o600);

    const second = await (await startRuntime(await options(dir))).ready();
    opened.push(second);
    expect(await oidcKeyIds(second)).toEqual(kids);
    expect(samlCertificate(second)).toBe(cert);
  }, 120_000);

  it('a damaged key file is replaced by new keys, and the demo starts', async () => {
    await writeFile(path.join(dir, DEMO_IDP_KEYS_FILE), '{"oidcSigningJwk": {"kty": "RSA"', { mode: 0o600 });
    const runtime = await (await startRuntime(await options(dir))).ready();
    opened.push(runtime);
    expect(await oidcKeyIds(runtime)).toHaveLength(1);
    const kept = JSON.parse(await readFile(path.join(dir, DEMO_IDP_KEYS_FILE), 'utf8')) as { oidcSigningJwk: { kid: string } };
    expect(await oidcKeyIds(runtime)).toEqual([kept.oidcSigningJwk.kid]);
  }, 120_000);
});

describe('start-up: the web host that `npm start` runs', () => {
  async function hostOptions(): Promise<{ distDir: string; userDataDir: string }> {
    const distDir = path.join(dir, 'dist');
    await mkdir(path.join(distDir, 'host'), { recursive: true });
    await writeFile(path.join(distDir, 'host/bridge.js'), '');
    return { distDir, userDataDir: path.join(dir, 'data') };
  }

  function caller(transport: WebTransport): Promise<(channel: string) => Promise<unknown>> {
    const origin = transport.url.replace(/\/$/, '');
    return fetch(transport.launchUrl, { redirect: 'manual' }).then((launch) => {
      const cookie = (launch.headers.get('set-cookie') ?? '').split(';')[0]!;
      return (channel: string) => fetch(`${origin}/rpc/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json', origin, cookie }, body: '{}' }).then((r) => r.json());
    });
  }

  /** startWebHost on the demo environment, the backend started after the first screen, as `npm start` does. */
  async function startDemoHost(o: { distDir: string; userDataDir: string; signal?: AbortSignal; onListening: (transport: WebTransport) => void }) {
    return startWebHost({
      userDataDir: o.userDataDir,
      backend: { kind: 'demo' },
      distDir: o.distDir,
      keychain: createMemoryKeychainForTests(),
      logger: createLogger({ level: 'silent' }),
      samlAcsPorts: [await freeLoopbackPort()],
      backendStart: 'after-first-screen',
      ...(o.signal === undefined ? {} : { signal: o.signal }),
      onListening: o.onListening,
    });
  }

  it('listens before main’s services are composed, and starts the demo backend once a page has every answer its first screen waits for', async () => {
    const { distDir, userDataDir } = await hostOptions();
    let listening: (transport: WebTransport) => void = () => undefined;
    const transportUp = new Promise<WebTransport>((resolve) => (listening = resolve));
    let dataFolderWhenListening: boolean | null = null;
    const hostUp = startDemoHost({
      userDataDir,
      distDir,
      onListening: (transport) => {
        dataFolderWhenListening = existsSync(userDataDir);
        listening(transport);
      },
    });
    const transport = await transportUp;
    // Nothing of main's services exists yet when the URL can be printed: not even the data folder.
    expect(dataFolderWhenListening).toBe(false);
    const call = await caller(transport);
    expect(await call('getAppInfo')).toMatchObject({ ok: true, value: { demo: true } });
    expect(await call('getSession')).toEqual({ ok: true, value: { kind: 'signed-out' } });
    expect(await call('getSignInState')).toMatchObject({ ok: true });
    expect(existsSync(path.join(userDataDir, 'demo-backend.sqlite'))).toBe(false);
    expect(await call('getSettings')).toMatchObject({ ok: true });
    const host = await hostUp;
    try {
      expect(existsSync(path.join(userDataDir, 'demo-backend.sqlite'))).toBe(true);
      expect(host.runtime.demo).not.toBeNull();
    } finally {
      await host.close();
    }
  }, 120_000);

  it('a start stopped before the first screen closes what had started and gives back every port, with no backend made', async () => {
    const { distDir, userDataDir } = await hostOptions();
    const stop = new AbortController();
    let port = 0;
    const started = startDemoHost({
      userDataDir,
      distDir,
      signal: stop.signal,
      onListening: (transport) => {
        port = transport.port;
        // Stopped once main's services are composed (the demo backend's port is then held).
        const poll = setInterval(() => {
          if (existsSync(path.join(userDataDir, 'demo-backend-port'))) {
            clearInterval(poll);
            stop.abort(new Error('stopped'));
          }
        }, 20);
      },
    });
    await expect(started).rejects.toThrow('stopped');
    expect(await portTaken(port)).toBe(false);
    expect(await portTaken(await demoBackendPort(userDataDir))).toBe(false);
    expect(existsSync(path.join(userDataDir, 'demo-backend.sqlite'))).toBe(false);
  }, 120_000);

  it('a start stopped while its backend starts waits for it, then closes it and gives back every port', async () => {
    const { distDir, userDataDir } = await hostOptions();
    const stop = new AbortController();
    let listening: (transport: WebTransport) => void = () => undefined;
    const transportUp = new Promise<WebTransport>((resolve) => (listening = resolve));
    const started = startDemoHost({
      userDataDir,
      distDir,
      signal: stop.signal,
      onListening: (transport) => listening(transport),
    });
    const transport = await transportUp;
    const call = await caller(transport);
    for (const channel of FIRST_SCREEN_CHANNELS) await call(channel);
    stop.abort(new Error('stopped'));
    await expect(started).rejects.toThrow('stopped');
    expect(await portTaken(transport.port)).toBe(false);
    expect(await portTaken(await demoBackendPort(userDataDir))).toBe(false);
    // The backend's database, if its start got that far, was closed whole.
    expectSqliteFileWholeIfPresent(path.join(userDataDir, 'demo-backend.sqlite'));
  }, 120_000);
});

describe('start-up: a runtime closed before its backend started', () => {
  it('gives back the demo backend’s port and makes no database', async () => {
    const starting = await startRuntime(await options(dir));
    const port = await demoBackendPort(dir);
    expect(await portTaken(port)).toBe(true);
    await starting.close();
    expect(await portTaken(port)).toBe(false);
    expect(existsSync(path.join(dir, 'demo-backend.sqlite'))).toBe(false);
  }, 120_000);
});
