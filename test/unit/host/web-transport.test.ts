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

const TOKEN = 'test-token-0123456789abcdefghijklmnopqrstuv';

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
    transport = await startWebTransport({ table, bus, logger: createLogger({ level: 'silent' }), rendererDir: dir, bridgeScript: '/*bridge*/', token: TOKEN });
  });
  afterAll(() => transport.close());

  const good = () => ({ host: `127.0.0.1:${transport.port}`, origin: `http://127.0.0.1:${transport.port}`, 'content-type': 'application/json', 'x-keyhaven-token': TOKEN });

  it('listens on 127.0.0.1 only', () => {
    const address = transport.server.address();
    expect(address).toMatchObject({ address: '127.0.0.1', family: 'IPv4' });
  });

  it('answers a contract call with the right token, Host and Origin', async () => {
    const res = await raw(transport.port, { method: 'POST', path: '/rpc/lookupSso', headers: good(), body: JSON.stringify({ email: 'a@acme.test' }) });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ ok: true, value: { connectionId: 'c', type: 'oidc', node: 'a@acme.test' } });
  });

  it('refuses a request without the token, or with a wrong one', async () => {
    const { 'x-keyhaven-token': _t, ...noToken } = good();
    const missing = await raw(transport.port, { method: 'POST', path: '/rpc/lookupSso', headers: noToken, body: '{"email":"a@b.c"}' });
    expect(missing.status).toBe(401);
    const wrong = await raw(transport.port, { method: 'POST', path: '/rpc/lookupSso', headers: { ...good(), 'x-keyhaven-token': TOKEN.replace('t', 'T') }, body: '{"email":"a@b.c"}' });
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.body)).toMatchObject({ error: 'unauthorized' });
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

  it('delivers events only to a socket that sent the token', async () => {
    const url = `ws://127.0.0.1:${transport.port}/events`;
    const headers = { origin: `http://127.0.0.1:${transport.port}` };
    const trusted = new WebSocket(url, { headers });
    const untrusted = new WebSocket(url, { headers });
    const trustedMessages: string[] = [];
    const untrustedMessages: string[] = [];
    trusted.on('message', (m) => trustedMessages.push(m.toString()));
    untrusted.on('message', (m) => untrustedMessages.push(m.toString()));
    await Promise.all([new Promise((r) => trusted.on('open', r)), new Promise((r) => untrusted.on('open', r))]);
    trusted.send(TOKEN);
    untrusted.send('wrong');
    await new Promise((r) => setTimeout(r, 200));
    bus.emit('clipboardCleared', { field: 'password' });
    await new Promise((r) => setTimeout(r, 200));
    expect(trustedMessages).toContain(JSON.stringify({ event: 'clipboardCleared', payload: { field: 'password' } }));
    expect(untrustedMessages).toEqual([]);
    trusted.close();
    untrusted.close();
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
    const socket = new WebSocket(`ws://127.0.0.1:${transport.port}/events`, { headers: { origin: 'https://evil.example' } });
    const outcome = await new Promise<string>((resolve) => {
      socket.on('open', () => resolve('open'));
      socket.on('error', () => resolve('refused'));
    });
    expect(outcome).toBe('refused');
  });
});
