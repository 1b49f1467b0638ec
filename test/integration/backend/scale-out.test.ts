import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, Agent, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startBackendProcess, type BackendProcess } from '../../support/backend-process';
import { startTestPostgres, type TestPostgres } from '../../support/postgres';
import { createSamlIdentityProvider } from '../../support/saml-idp';

/**
 * Scale-out on PostgreSQL: two `npm run backend` processes on one database behind a
 * round-robin proxy (below, the smallest load balancer that does what nginx's
 * `proxy_next_upstream error` with its default `max_fails=1 fail_timeout=10s` does: a connection
 * refused goes to the next instance, a request cut off mid-way answers 502, and an instance that
 * failed is passed over for ten seconds). Employees sign in for the first time all at once (IdP-initiated
 * SAML relayed by the app, the cheapest complete sign-in: one HTTP call, JIT included); then one
 * instance is killed (SIGKILL: open transactions die with their connections) while a second wave
 * signs in, and the app's retry — a fresh sign-in, as a person pressing "try again" makes — lands
 * on the other instance.
 */
const FIRST_WAVE = 1000;
const SECOND_WAVE = 400;
const KILL_AFTER = 100;
const CONNECTION = 'okta';

type Answer = { status: number; body: { user?: { id: string; email: string }; error?: string } | null };

interface RoundRobinProxy {
  readonly url: string;
  /** Answers each upstream gave (by index), and the 502s the proxy gave itself. */
  readonly served: number[];
  badGateway: number;
  setUpstreams(urls: readonly string[]): void;
  close(): Promise<void>;
}

async function startProxy(): Promise<RoundRobinProxy> {
  let upstreams: URL[] = [];
  let next = 0;
  let downUntil: number[] = [];
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const proxy: RoundRobinProxy = {
    url: '',
    served: [],
    badGateway: 0,
    setUpstreams(urls) {
      upstreams = urls.map((u) => new URL(u));
      downUntil = urls.map(() => 0);
      proxy.served.splice(0, proxy.served.length, ...urls.map(() => 0));
    },
    close: async () => undefined,
  };
  const forward = (req: IncomingMessage, body: Buffer, res: ServerResponse, tries: number): void => {
    let index = next++ % upstreams.length;
    for (let skip = 0; skip < upstreams.length && (downUntil[index] ?? 0) > Date.now(); skip += 1) index = next++ % upstreams.length;
    const target = upstreams[index]!;
    const out = request(
      { agent, host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
        up.once('end', () => (proxy.served[index] = (proxy.served[index] ?? 0) + 1));
        up.once('error', () => res.destroy());
      },
    );
    out.once('error', (err: NodeJS.ErrnoException) => {
      // Refused: the request never reached that instance, so another may take it.
      // As nginx's max_fails=1 fail_timeout=10s: an instance that failed is passed over for a while.
      downUntil[index] = Date.now() + 10_000;
      if (err.code === 'ECONNREFUSED' && tries + 1 < upstreams.length) return forward(req, body, res, tries + 1);
      proxy.badGateway += 1;
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'bad_gateway', message: 'The instance did not answer.' }));
      } else res.destroy();
    });
    out.end(body);
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => forward(req, Buffer.concat(chunks), res, 0));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return Object.assign(proxy, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

describe('two backend instances on one PostgreSQL behind a round-robin proxy', () => {
  let db: TestPostgres;
  let proxy: RoundRobinProxy;
  const instances: BackendProcess[] = [];
  const dir = mkdtempSync(path.join(tmpdir(), 'keyhaven-scale-out-'));
  const idp = createSamlIdentityProvider({ entityId: 'https://idp.scale.test/saml' });

  beforeAll(async () => {
    [db, proxy] = await Promise.all([startTestPostgres(), startProxy()]);
    const config = path.join(dir, 'tenant.yaml');
    writeFileSync(
      config,
      stringify({
        tenant: 'Acme Corp',
        admin: { token: 'scale-out-admin-token-0123456789abcdef' },
        nodes: [{ name: 'Acme Corp', defaultRole: 'Employee' }],
        roles: [{ name: 'Employee' }],
        sso: [{ id: CONNECTION, type: 'saml', node: 'Acme Corp', domains: ['acme.test'], jit: true, allowIdpInitiated: true, idpMetadata: idp.metadataXml('https://idp.scale.test/sso') }],
      }),
    );
    // Both instances publish the proxy's address: the SAML audience and ACS are the same whichever answers.
    for (let i = 0; i < 2; i += 1) instances.push(startBackendProcess({ config, db: db.url, args: ['--public-url', proxy.url] }));
    proxy.setUpstreams(await Promise.all(instances.map((b) => b.url)));
  }, 120_000);

  afterAll(async () => {
    await Promise.all(
      instances.map(
        (b) =>
          new Promise<void>((resolve) => {
            if (b.child.exitCode !== null || b.child.signalCode !== null) return resolve();
            b.child.once('exit', () => resolve());
            b.child.kill('SIGTERM');
          }),
      ),
    );
    await proxy?.close();
    await db?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const acsUrl = () => `${proxy.url}/sso/saml/${CONNECTION}/acs`;
  const samlResponse = (email: string) =>
    idp.buildResponse({ spEntityId: `${proxy.url}/sso/saml/${CONNECTION}/metadata`, acsUrl: acsUrl(), inResponseTo: null, email });

  const complete = async (email: string, response: string): Promise<Answer> => {
    try {
      const res = await fetch(`${proxy.url}/v1/sso/complete`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ connectionId: CONNECTION, samlResponse: response, device: { id: `laptop-${email.replace("@", ".")}`, name: 'Laptop', platform: 'linux' } }),
      });
      const text = await res.text();
      return { status: res.status, body: JSON.parse(text) as Answer['body'] };
    } catch {
      return { status: 0, body: null };
    }
  };

  /** The app's sign-in: on a cut connection or a 502, the person tries again (a new IdP answer). */
  const signIn = async (email: string, first: string): Promise<{ final: Answer; attempts: Answer[] }> => {
    const attempts: Answer[] = [];
    let response = first;
    for (;;) {
      const answer = await complete(email, response);
      attempts.push(answer);
      if ((answer.status !== 0 && answer.status !== 502) || attempts.length === 8) return { final: answer, attempts };
      // A person reads the error before pressing "try again"; by then the balancer has noticed.
      await new Promise((resolve) => setTimeout(resolve, 100 * attempts.length));
      response = samlResponse(email);
    }
  };

  const count = async (client: pg.Client, sql: string): Promise<number> => Number((await client.query<{ n: string }>(sql)).rows[0]?.n);

  it('1,000 concurrent first sign-ins make exactly 1,000 users with no 5xx; killing an instance mid-wave loses and duplicates nothing', async () => {
    // Wave 1: every answer is a success, from both instances.
    const firstEmails = Array.from({ length: FIRST_WAVE }, (_, i) => `employee${i}@acme.test`);
    const firstResponses = firstEmails.map(samlResponse);
    const wave1 = await Promise.all(firstEmails.map((email, i) => signIn(email, firstResponses[i]!)));
    expect(wave1.flatMap((r) => r.attempts.filter((a) => a.status !== 200))).toEqual([]);
    expect(new Set(wave1.map((r) => r.final.body?.user?.id)).size).toBe(FIRST_WAVE);
    expect(wave1.map((r) => r.final.body?.user?.email)).toEqual(firstEmails);
    expect(proxy.served.every((n) => n > FIRST_WAVE / 4)).toBe(true);

    // Wave 2: instance 0 is killed once KILL_AFTER of these sign-ins are done.
    const secondEmails = Array.from({ length: SECOND_WAVE }, (_, i) => `newcomer${i}@acme.test`);
    const secondResponses = secondEmails.map(samlResponse);
    const servedBefore = [...proxy.served];
    let done = 0;
    let killed = false;
    // What instance 0 had answered when it died: a dead instance answers nothing more.
    let servedByDeadAtExit = -1;
    const killedExit = new Promise<void>((resolve) =>
      instances[0]!.child.once('exit', () => {
        servedByDeadAtExit = proxy.served[0]!;
        resolve();
      }),
    );
    const wave2 = await Promise.all(
      secondEmails.map(async (email, i) => {
        const r = await signIn(email, secondResponses[i]!);
        done += 1;
        if (done === KILL_AFTER && !killed) {
          killed = true;
          instances[0]!.child.kill('SIGKILL');
        }
        return r;
      }),
    );
    await killedExit;
    expect(killed).toBe(true);
    // Every employee got in, some only on a retry: the kill did cut sign-ins off mid-way.
    expect(wave2.map((r) => r.final.status).filter((s) => s !== 200)).toEqual([]);
    expect(wave2.some((r) => r.attempts.length > 1)).toBe(true);
    // The only failures anyone saw are the proxy's own for the killed instance; no instance answered 5xx.
    const failed = wave2.flatMap((r) => r.attempts.filter((a) => a.status !== 200));
    expect(failed.every((a) => a.status === 0 || a.body?.error === 'bad_gateway')).toBe(true);
    // Each sign-in was answered by exactly one instance; after the kill, only by the survivor.
    expect(proxy.served[0]! - servedBefore[0]! + proxy.served[1]! - servedBefore[1]!).toBe(SECOND_WAVE);
    expect(proxy.served[0]).toBe(servedByDeadAtExit);
    expect(proxy.served[1]! - servedBefore[1]!).toBeGreaterThan(SECOND_WAVE / 2);
    expect(wave2.map((r) => r.final.body?.user?.email)).toEqual(secondEmails);

    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const total = FIRST_WAVE + SECOND_WAVE;
      expect(await count(client, 'SELECT count(*) AS n FROM users')).toBe(total);
      expect(await count(client, 'SELECT count(DISTINCT lower(email)) AS n FROM users')).toBe(total);
      const emails = (await client.query<{ email: string }>('SELECT email FROM users ORDER BY email')).rows.map((r) => r.email);
      expect(emails).toEqual([...firstEmails, ...secondEmails].sort());
      // Nothing half made: every user has their device and a session, and was provisioned once.
      expect(await count(client, 'SELECT count(*) AS n FROM users u WHERE NOT EXISTS (SELECT 1 FROM sessions s WHERE s.user_id = u.id)')).toBe(0);
      expect(await count(client, 'SELECT count(*) AS n FROM users u WHERE NOT EXISTS (SELECT 1 FROM devices d WHERE d.user_id = u.id)')).toBe(0);
      expect(await count(client, "SELECT count(*) AS n FROM audit_events WHERE type = 'user.provisioned'")).toBe(total);
      expect(await count(client, "SELECT count(DISTINCT user_id) AS n FROM audit_events WHERE type = 'user.provisioned'")).toBe(total);
      // A session, its audit rows and the sign-in are one transaction: the counts agree exactly.
      const sessions = await count(client, 'SELECT count(*) AS n FROM sessions');
      expect(sessions).toBeGreaterThanOrEqual(total);
      expect(await count(client, "SELECT count(*) AS n FROM audit_events WHERE type = 'sign_in.succeeded'")).toBe(sessions);
      expect(await count(client, "SELECT count(*) AS n FROM audit_events WHERE type = 'session.created'")).toBe(sessions);
      expect(await count(client, 'SELECT count(*) AS n FROM devices')).toBe(total);
    } finally {
      await client.end();
    }
  }, 600_000);
});
