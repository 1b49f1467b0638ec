import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { HandlerTable } from '../../../preload/contract';
import { createEventBus } from '../../../main/ipc/event-bus';
import { createLogger } from '../../../main/log/logger';
import { startWebTransport, type WebTransport } from '../../../main/host/web-transport';

function raw(port: number, options: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: options.headers ?? {} }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}

describe('web host transport', () => {
  let transport: WebTransport;
  const bus = createEventBus();
  const table = { lookupSso: async ({ email }: { email: string }) => ({ connectionId: 'c', type: 'oidc', node: email }) } as unknown as HandlerTable;

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kh-web-'));
    writeFileSync(path.join(dir, 'index.html'), '<html><head></head><body></body></html>');
    transport = await startWebTransport({ table, bus, logger: createLogger({ level: 'silent' }), rendererDir: dir, bridgeScript: '/*bridge*/' });
    cookie = await exchange(transport.launchUrl);
  });
  afterAll(() => transport.close());

  let cookie = '';
  /** Opens a launch URL as a browser would; returns the cookie it set ("name=value"). */
  async function exchange(launchUrl: string): Promise<string> {
    const url = new URL(launchUrl);
    const res = await raw(transport.port, { path: url.pathname + url.search, headers: { host: url.host } });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
    const setCookie = String(res.headers['set-cookie']);
    return setCookie.slice(0, setCookie.indexOf(';'));
  }
  const good = () => ({ host: `127.0.0.1:${transport.port}`, origin: `http://127.0.0.1:${transport.port}`, 'content-type': 'application/json', cookie });

  it('listens on 127.0.0.1 only', () => {
    const address = transport.server.address();
    expect(address).toMatchObject({ address: '127.0.0.1', family: 'IPv4' });
  });

  it('answers a contract call with the right token, Host and Origin', async () => {
    const res = await raw(transport.port, { method: 'POST', path: '/rpc/lookupSso', headers: good(), body: JSON.stringify({ email: 'a@acme.test' }) });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ ok: true, value: { connectionId: 'c', type: 'oidc', node: 'a@acme.test' } });
  });

  it('refuses a request without the window cookie, or with a wrong one', async () => {
    const { cookie: _c, ...noCookie } = good();
    const missing = await raw(transport.port, { method: 'POST', path: '/rpc/lookupSso', headers: noCookie, body: '{"email":"a@b.c"}' });
    expect(missing.status).toBe(401);
    const wrong = await raw(transport.port, { method: 'POST', path: '/rpc/lookupSso', headers: { ...good(), cookie: `${cookie}x` }, body: '{"email":"a@b.c"}' });
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.body)).toMatchObject({ error: 'unauthorized' });
  });

  it('a launch code is worth one exchange; the cookie is HttpOnly and SameSite=Strict', async () => {
    const launchUrl = transport.launchUrl;
    const url = new URL(launchUrl);
    const first = await raw(transport.port, { path: url.pathname + url.search, headers: { host: url.host } });
    expect(first.status).toBe(303);
    const setCookie = String(first.headers['set-cookie']);
    expect(setCookie).toMatch(new RegExp(`^keyhaven-${transport.port}=[\\w-]{43}; Path=/; HttpOnly; SameSite=Strict$`));
    // The window secret is not the code: nothing printed or on a command line is a credential.
    expect(setCookie).not.toContain(url.searchParams.get('code'));
    const again = await raw(transport.port, { path: url.pathname + url.search, headers: { host: url.host } });
    expect(again.status).toBe(401);
    expect(again.headers['set-cookie']).toBeUndefined();
    expect((await raw(transport.port, { path: '/launch?code=made-up', headers: { host: url.host } })).status).toBe(401);
    // Each read of launchUrl is a new code.
    expect(transport.launchUrl).not.toBe(launchUrl);
  });

  it('refuses a foreign or missing Origin', async () => {
    const foreign = await raw(transport.port, { method: 'POST', path: '/rpc/lookupSso', headers: { ...good(), origin: 'https://evil.example' }, body: '{"email":"a@b.c"}' });
    expect(foreign.status).toBe(403);
    const { origin: _o, ...noOrigin } = good();
    const missing = await raw(transport.port, { method: 'POST', path: '/rpc/lookupSso', headers: noOrigin, body: '{"email":"a@b.c"}' });
    expect(missing.status).toBe(403);
  });

  it('refuses a Host other than its loopback address (DNS rebinding)', async () => {
    const rebinding = await raw(transport.port, { method: 'POST', path: '/rpc/lookupSso', headers: { ...good(), host: `evil.example:${transport.port}` }, body: '{"email":"a@b.c"}' });
    expect(rebinding.status).toBe(421);
    const page = await raw(transport.port, { path: '/', headers: { host: 'evil.example' } });
    expect(page.status).toBe(421);
  });

  it('serves the page with a strict CSP and the bridge injected first', async () => {
    const page = await raw(transport.port, { path: '/', headers: { host: `localhost:${transport.port}` } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<head><script src="/bridge.js"></script>');
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
  });

  it('refuses a non-JSON body (no CSRF through simple forms)', async () => {
    const res = await raw(transport.port, { method: 'POST', path: '/rpc/lookupSso', headers: { ...good(), 'content-type': 'text/plain' }, body: '{"email":"a@b.c"}' });
    expect(res.status).toBe(415);
  });

  it('delivers events only to a socket that carries the window cookie', async () => {
    const url = `ws://127.0.0.1:${transport.port}/events`;
    const origin = `http://127.0.0.1:${transport.port}`;
    const trusted = new WebSocket(url, { headers: { origin, cookie } });
    const trustedMessages: string[] = [];
    trusted.on('message', (m) => trustedMessages.push(m.toString()));
    await new Promise((r) => trusted.on('open', r));
    await expect.poll(() => trustedMessages).toContain(JSON.stringify({ ready: true }));
    bus.emit('clipboardCleared', { field: 'password' });
    await expect.poll(() => trustedMessages).toContain(JSON.stringify({ event: 'clipboardCleared', payload: { field: 'password' } }));
    trusted.close();
    const untrusted = new WebSocket(url, { headers: { origin } });
    const outcome = await new Promise<string>((resolve) => {
      untrusted.on('open', () => resolve('open'));
      untrusted.on('error', () => resolve('refused'));
    });
    expect(outcome).toBe('refused');
  });

  it('routes every contract channel (the same table as IPC): none is unknown to the web transport', async () => {
    const { CHANNELS } = await import('../../../preload/contract');
    for (const channel of CHANNELS) {
      const res = await raw(transport.port, { method: 'POST', path: `/rpc/${channel}`, headers: good(), body: JSON.stringify({ unexpected: true }) });
      expect(res.status).toBe(200);
      const body = JSON.parse(res.body) as { ok: boolean; error?: { code: string } };
      // Refused by the channel's own request schema, not as an unknown channel.
      expect(body).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    }
    const unknown = await raw(transport.port, { method: 'POST', path: '/rpc/notAChannel', headers: good(), body: '{}' });
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('refuses a WebSocket from a foreign Origin', async () => {
    const socket = new WebSocket(`ws://127.0.0.1:${transport.port}/events`, { headers: { origin: 'https://evil.example', cookie } });
    const outcome = await new Promise<string>((resolve) => {
      socket.on('open', () => resolve('open'));
      socket.on('error', () => resolve('refused'));
    });
    expect(outcome).toBe('refused');
  });
});
