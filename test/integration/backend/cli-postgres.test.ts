import type { ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackendProcess } from '../../support/backend-process';
import { startTestPostgres, type TestPostgres } from '../../support/postgres';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const FIXTURES = path.join(ROOT, 'test/fixtures');
const ADMIN = 'example-admin-token-change-me-0123456789';

describe('npm run backend against PostgreSQL (scale-out)', () => {
  let pg: TestPostgres;
  const instances: ChildProcess[] = [];
  beforeAll(async () => {
    pg = await startTestPostgres();
  }, 120_000);
  afterAll(async () => {
    for (const child of instances) child.kill('SIGTERM');
    await pg?.stop();
  });

  it('runs two instances of the same backend on one database, both serving the same state', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'keyhaven-pg-cli-'));
    const config = path.join(dir, 'acme.yaml');
    copyFileSync(path.join(FIXTURES, 'tenant-example.yaml'), config);
    copyFileSync(path.join(FIXTURES, 'example-idp-metadata.xml'), path.join(dir, 'example-idp-metadata.xml'));
    // Both start at once: the schema migration must be safe to race.
    const a = startBackendProcess({ config, db: pg.url });
    const b = startBackendProcess({ config, db: pg.url });
    instances.push(a.child, b.child);
    const [urlA, urlB] = await Promise.all([a.url, b.url]);
    expect(urlA).not.toBe(urlB);
    for (const url of [urlA, urlB]) {
      expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok' });
      expect((await (await fetch(`${url}/v1/sso/lookup?email=alice@acme.test`)).json()) as object).toMatchObject({ connectionId: 'okta', type: 'saml' });
    }
    // A login transaction made through one instance is known to the other (one shared store).
    const start = await fetch(`${urlA}/v1/sso/start`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'alice@acme.test', redirectUri: 'http://localhost:47291/sso/saml/okta/acs' }),
    });
    expect(start.status).toBe(200);
    const { transactionId } = (await start.json()) as { transactionId: string };
    const relayed = await fetch(`${urlB}/v1/sso/complete`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ transactionId, connectionId: 'okta', samlResponse: Buffer.from('<not-a-response/>').toString('base64') }),
    });
    // Instance B found A's transaction and refused the answer itself, not the transaction.
    const refusal = (await relayed.json()) as { error: string; message: string };
    expect(refusal.error).toBe('invalid_response');
    const events = (await (await fetch(`${urlA}/v1/admin/events`, { headers: { authorization: `Bearer ${ADMIN}` } })).json()) as unknown;
    expect(JSON.stringify(events)).toContain('sign_in.failed');
    const scim = await fetch(`${urlB}/scim/v2/Users`, { headers: { authorization: `Bearer ${ADMIN}` } });
    expect(((await scim.json()) as { totalResults: number }).totalResults).toBe(0);
  }, 120_000);
});
