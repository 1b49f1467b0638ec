import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startLoopbackServer, type LoopbackRequest, type LoopbackServer } from '../../../main/sso/loopback-server';

function raw(port: number, o: { host: string; method?: string; path?: string; body?: string; headers?: Record<string, string> }): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: o.method ?? 'GET', path: o.path ?? '/cb', headers: { host: o.host, ...o.headers }, agent: false }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(o.body);
  });
}

describe('loopback server (RFC 8252)', () => {
  let server: LoopbackServer | null = null;
  const seen: LoopbackRequest[] = [];
  afterEach(async () => {
    await server?.close();
    server = null;
    seen.length = 0;
  });
  const start = async (o: { maxBodyBytes?: number } = {}) => {
    server = await startLoopbackServer({
      ports: [0],
      hostName: '127.0.0.1',
      ...o,
      handle: async (r) => {
        seen.push(r);
        return { status: 200, title: 'Done <now>', message: 'ok' };
      },
    });
    return server;
  };

  it('binds 127.0.0.1 only and answers our own Host names with an escaped page and strict headers', async () => {
    const s = await start();
    expect(s.origin).toBe(`http://127.0.0.1:${s.port}`);
    const res = await raw(s.port, { host: `localhost:${s.port}` });
    expect(res.status).toBe(200);
    expect(res.body).toContain('Done &#60;now&#62;');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('refuses another Host (DNS rebinding) without calling the handler', async () => {
    const s = await start();
    for (const host of [`evil.example:${s.port}`, `localhost:${s.port + 1}`, `127.0.0.1.evil.example:${s.port}`]) {
      expect((await raw(s.port, { host })).status).toBe(421);
    }
    expect(seen).toEqual([]);
  });

  it('passes the POST body, Origin and Referer to the handler, and caps the body', async () => {
    const s = await start({ maxBodyBytes: 64 });
    await raw(s.port, { host: `127.0.0.1:${s.port}`, method: 'POST', body: 'SAMLResponse=x', headers: { origin: 'https://idp.test', referer: 'https://idp.test/p' } });
    expect(seen[0]).toMatchObject({ method: 'POST', body: 'SAMLResponse=x', origin: 'https://idp.test', referer: 'https://idp.test/p' });
    expect((await raw(s.port, { host: `127.0.0.1:${s.port}`, method: 'POST', body: 'x'.repeat(65) })).status).toBe(413);
    expect((await raw(s.port, { host: `127.0.0.1:${s.port}`, method: 'PUT' })).status).toBe(405);
  });

  it('after close nothing listens', async () => {
    const s = await start();
    const port = s.port;
    await s.close();
    await expect(raw(port, { host: `127.0.0.1:${port}` })).rejects.toThrow(/ECONNREFUSED/);
  });
});
