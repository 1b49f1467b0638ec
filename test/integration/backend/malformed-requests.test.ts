import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSamlIdentityProvider, ERROR_SCHEMA, PUBLIC_URL, scimTenantYaml } from '../scim/scim-support';
import { ADMIN_TOKEN, startTestBackend, type TestBackend } from '../../support/test-backend';

/** Sends bytes as they are (no client in between to fix them) and reads the whole answer. */
function rawRequest(url: string, text: string): Promise<{ status: number; contentType: string; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(text));
    let answer = '';
    socket.on('data', (c: Buffer) => (answer += c.toString('utf8')));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = answer.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(head)?.[1]), contentType: /content-type: ([^\r]+)/i.exec(head)?.[1] ?? '', body });
    });
  });
}

/**
 * CONTRACT.md: every 4xx is `{"error": "<code>", "message": …}` with a documented
 * lower_snake_case code — also for what Fastify and Node refuse before any route runs, where
 * their own bodies (`{"error":"Bad Request","code":"FST_ERR_BAD_URL",…}`) used to leak out.
 */
describe('requests refused before any route runs', () => {
  let b: TestBackend;
  beforeAll(async () => {
    b = await startTestBackend({ yaml: scimTenantYaml(createSamlIdentityProvider()), publicUrl: PUBLIC_URL });
  });
  afterAll(async () => b?.close());

  it('answers a path that is not valid percent-encoding with bad_request, in the SCIM schema under /scim/v2', async () => {
    const v1 = await b.api('GET', '/v1/admin/users/%E0%A4%A', { token: ADMIN_TOKEN });
    expect(v1.status).toBe(400);
    expect(v1.body).toEqual({ error: 'bad_request', message: 'The URL path is not valid percent-encoding.' });
    const scim = await b.api('GET', '/scim/v2/Users/%E0%A4%A', { token: ADMIN_TOKEN });
    expect(scim.status).toBe(400);
    expect(scim.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    expect(scim.body).toMatchObject({ schemas: [ERROR_SCHEMA], status: '400', scimType: 'invalidSyntax', error: 'bad_request' });
  });

  it('answers a path segment over the router cap with 414 bad_request', async () => {
    const res = await b.api('GET', `/v1/admin/users/${'x'.repeat(500)}`, { token: ADMIN_TOKEN });
    expect(res.status).toBe(414);
    expect(res.body).toEqual({ error: 'bad_request', message: 'A segment of the URL path is too long.' });
    const scim = await b.api('GET', `/scim/v2/Users/${'x'.repeat(500)}`, { token: ADMIN_TOKEN });
    expect(scim).toMatchObject({ status: 414, body: { schemas: [ERROR_SCHEMA], status: '414', error: 'bad_request' } });
  });

  it('answers a request Node cannot parse, and headers over the cap, as {error, message}', async () => {
    const badHeader = await rawRequest(b.url, 'GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n');
    expect(badHeader.status).toBe(400);
    expect(badHeader.contentType).toMatch(/^application\/json/);
    expect(JSON.parse(badHeader.body)).toEqual({ error: 'bad_request', message: 'The HTTP request is malformed.' });
    const huge = await rawRequest(b.url, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`);
    expect(huge.status).toBe(431);
    expect(JSON.parse(huge.body)).toEqual({ error: 'bad_request', message: 'The request headers are too large.' });
    // The server still answers afterwards.
    expect((await b.api('GET', '/healthz')).body).toEqual({ status: 'ok' });
  });
});
