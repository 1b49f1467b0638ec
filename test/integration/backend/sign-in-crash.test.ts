import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DemoOidcIdp } from '../../../main/demo/oidc-idp';
import { startDemoOidcIdp } from '../../../main/demo/oidc-idp';
import { hashToken } from '../../../main/backend/sessions/session-token';
import { openStore } from '../../../main/backend/store/open-store';
import { startBackendProcess } from '../../support/backend-process';
import { authorizeInBrowser } from '../../support/oidc-browser';
import { CLIENT_ID, REDIRECT } from '../../support/oidc-tenant';
import { tenantYaml } from '../../support/tenant-yaml';

/**
 * A completed sign-in survives the backend process crashing on the embedded database: the
 * backend (`npm run backend`, its own process on a SQLite file) answers sign-ins, then is killed
 * with SIGKILL — no close, no checkpoint, the WAL file left as it was — and the database opened
 * afterwards holds every user, session and audit row of every sign-in that was answered 200.
 * (SQLite in WAL mode with synchronous = NORMAL: a commit reaches the WAL file before the answer.)
 */
const PEOPLE = 12;

describe('a completed sign-in survives a crash of the backend process (SQLite)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'keyhaven-sign-in-crash-'));
  let idp: DemoOidcIdp | null = null;
  afterAll(async () => {
    await idp?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('every sign-in answered 200 before SIGKILL is in the database afterwards', async () => {
    const users = Array.from({ length: PEOPLE }, (_, i) => ({ email: `crash${i}@acme.test`, password: `pw-${i}`, name: `Crash ${i}` }));
    idp = await startDemoOidcIdp({ users, clientId: CLIENT_ID });
    const config = path.join(dir, 'tenant.yaml');
    writeFileSync(
      config,
      tenantYaml({
        rest: `sso:
  - id: acme-oidc
    type: oidc
    node: Acme Corp
    domains: [acme.test]
    jit: true
    issuer: ${idp.issuer}
    clientId: ${CLIENT_ID}
`,
      }),
    );
    const db = path.join(dir, 'embedded.sqlite');
    const backend = startBackendProcess({ config, db });
    const url = await backend.url;
    const answered: { session: string; user: { id: string; email: string } }[] = [];
    try {
      for (const u of users) {
        const start = await fetch(`${url}/v1/sso/start`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: u.email, redirectUri: REDIRECT }) });
        const started = (await start.json()) as { transactionId: string; authorizationUrl: string };
        const callbackUrl = await authorizeInBrowser(started.authorizationUrl, REDIRECT, { login: u.email, password: u.password });
        const res = await fetch(`${url}/v1/sso/complete`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ transactionId: started.transactionId, callbackUrl }) });
        expect(res.status, backend.stderr()).toBe(200);
        answered.push((await res.json()) as { session: string; user: { id: string; email: string } });
      }
    } finally {
      const exited = new Promise((resolve) => backend.child.once('exit', resolve));
      backend.child.kill('SIGKILL');
      await exited;
    }
    expect(answered).toHaveLength(PEOPLE);

    const store = await openStore(db);
    try {
      for (const a of answered) {
        const user = await store.kysely.selectFrom('users').select(['id', 'email', 'status']).where('id', '=', a.user.id).executeTakeFirst();
        expect(user).toEqual({ id: a.user.id, email: a.user.email, status: 'active' });
        const session = await store.kysely.selectFrom('sessions').select('user_id').where('token_hash', '=', hashToken(a.session)).executeTakeFirst();
        expect(session?.user_id).toBe(a.user.id);
        const events = await store.kysely.selectFrom('audit_events').select('type').where('user_id', '=', a.user.id).execute();
        expect(events.map((e) => e.type).sort()).toEqual(['session.created', 'sign_in.succeeded', 'user.provisioned']);
      }
    } finally {
      await store.close();
    }
  }, 120_000);
});
