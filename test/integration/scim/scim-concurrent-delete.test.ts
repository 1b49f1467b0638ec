import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresTarget } from '../../support/store-targets';
import type { TestBackend } from '../../support/test-backend';
import { createSamlIdentityProvider, ERROR_SCHEMA, GROUP_SCHEMA, OKTA_TOKEN, PATCH_OP, USER_SCHEMA, scimClient, startScimBackend, type Scim } from './scim-support';

/**
 * Okta deletes a user while Entra adds them to a group: on PostgreSQL the group write read the
 * user a moment before another transaction deleted it, and its member insert then failed on the
 * foreign key — a 500. The interleaving is forced, not hoped for: a second connection deletes
 * the user and holds its transaction open until the group write is seen waiting on that row.
 */
describe('a group member deleted during the group write (PostgreSQL)', () => {
  const target = postgresTarget();
  let url = '';
  let b: TestBackend;
  let scim: Scim;
  beforeAll(async () => {
    await target.setup();
    url = await target.fresh();
    b = await startScimBackend(createSamlIdentityProvider(), url);
    scim = scimClient(b, OKTA_TOKEN);
  });
  afterAll(async () => {
    await b?.close();
    await target.teardown();
  });

  async function blockedOnLock(client: pg.Client): Promise<void> {
    for (;;) {
      const { rows } = await client.query<{ n: string }>("select count(*) as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()");
      if (Number(rows[0]?.n) > 0) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  for (const [how, send] of [
    ['PATCH add', (gid: string, uid: string) => scim('PATCH', `/Groups/${gid}`, { schemas: [PATCH_OP], Operations: [{ op: 'Add', path: 'members', value: [{ value: uid }] }] })],
    ['PUT', (gid: string, uid: string) => scim('PUT', `/Groups/${gid}`, { schemas: [GROUP_SCHEMA], displayName: `Group of ${uid}`, members: [{ value: uid }] })],
  ] as const) {
    it(`answers a ${how} naming a just-deleted member with 400 invalidValue and changes nothing`, async () => {
      const uid = (await scim('POST', '/Users', { schemas: [USER_SCHEMA], userName: `gone-${how.length}-${Date.now()}@acme.test` })).body.id as string;
      const gid = (await scim('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: `Group of ${uid}` })).body.id as string;
      const deleter = new pg.Client({ connectionString: url });
      const watcher = new pg.Client({ connectionString: url });
      await deleter.connect();
      await watcher.connect();
      try {
        await deleter.query('begin');
        await deleter.query('delete from users where id = $1', [uid]);
        const pending = send(gid, uid);
        await blockedOnLock(watcher);
        await deleter.query('commit');
        const res = await pending;
        expect(res.status, JSON.stringify(res.body)).toBe(400);
        expect(res.body).toMatchObject({ schemas: [ERROR_SCHEMA], scimType: 'invalidValue', error: 'bad_request' });
        expect((await scim('GET', `/Groups/${gid}`)).body.members).toEqual([]);
        expect(b.logs.join('')).not.toMatch(/SCIM request failed/);
      } finally {
        await deleter.end();
        await watcher.end();
      }
    });
  }
});
