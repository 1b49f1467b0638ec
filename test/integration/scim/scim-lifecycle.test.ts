import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresTarget, sqliteTarget } from '../../support/store-targets';
import type { TestBackend } from '../../support/test-backend';
import {
  ADMIN_TOKEN,
  auditEvents,
  createSamlIdentityProvider,
  ENTRA_TOKEN,
  EXT,
  GROUP_SCHEMA,
  OKTA_TOKEN,
  PATCH_OP,
  samlSignIn,
  scimClient,
  startScimBackend,
  USER_SCHEMA,
  type Scim,
} from './scim-support';

const keys = (deviceId: string) => ({ deviceId, wrappedDataKey: 'd2RrLWNpcGhlcnRleHQ=', publicKey: 'cHVi', wrappedPrivateKey: 'd3Br' });

describe.each([sqliteTarget(), postgresTarget()])('SCIM provisioning lifecycle on $name', (target) => {
  const idp = createSamlIdentityProvider();
  let b: TestBackend;
  let okta: Scim;
  let entra: Scim;
  const placement = async (id: string) => (await okta('GET', `/Users/${id}`)).body[EXT] as { node: string; role: string; status: string };

  beforeAll(async () => {
    await target.setup();
    b = await startScimBackend(idp, await target.fresh());
    okta = scimClient(b, OKTA_TOKEN);
    entra = scimClient(b, ENTRA_TOKEN);
  });
  afterAll(async () => {
    await b?.close();
    await target.teardown();
  });

  it('with JIT off, lets in only SCIM-provisioned people; the first sign-in turns invited into active', async () => {
    const before = (await okta('GET', '/Users')).body.totalResults;
    const stranger = await samlSignIn(b, idp, 'stranger@acme.test');
    expect(stranger.status).toBe(403);
    expect(stranger.body.error).toBe('jit_disabled');
    expect((await okta('GET', '/Users')).body.totalResults).toBe(before);

    const created = await okta('POST', '/Users', { schemas: [USER_SCHEMA], userName: 'Dana.Scully@acme.test', name: { givenName: 'Dana', familyName: 'Scully' } });
    expect(created.body[EXT]).toEqual({ node: 'Acme Corp', role: 'Employee', status: 'invited' });
    // The IdP sends the address in another letter case: still the same person.
    const signedIn = await samlSignIn(b, idp, 'dana.scully@ACME.test');
    expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(200);
    expect(signedIn.body.user).toMatchObject({ id: created.body.id, email: 'dana.scully@acme.test', node: 'Acme Corp', role: 'Employee' });
    expect(signedIn.body.vaultExists).toBe(false);
    expect((await placement(created.body.id)).status).toBe('active');
    expect((await auditEvents(b, 'user.first_sign_in')).map((e) => e.userId)).toContain(created.body.id);
    expect((await samlSignIn(b, idp, 'dana.scully@acme.test')).status).toBe(200);
    expect((await auditEvents(b, 'user.first_sign_in')).filter((e) => e.userId === created.body.id)).toHaveLength(1);
  });

  it('places people by group: SCIM groups and the SAML groups attribute, first roleMappings entry wins', async () => {
    const carol = (await entra('POST', '/Users', { schemas: [USER_SCHEMA], userName: 'carol@acme.test', externalId: 'carol-ext' })).body.id as string;
    // Claims at sign-in: the Engineers mapping matches the externalId-style value case-insensitively.
    const eng = await samlSignIn(b, idp, 'carol@acme.test', { groups: ['Everyone', '0F3C9A2E-ENG'] });
    expect(eng.body.user).toMatchObject({ node: 'Engineering', role: 'Engineer' });
    expect(eng.body.policy.requireTwoFactor).toBe(true);
    const both = await samlSignIn(b, idp, 'carol@acme.test', { groups: ['0f3c9a2e-eng', 'Keyhaven Admins'] });
    expect(both.body.user).toMatchObject({ node: 'Security', role: 'Admin' });
    expect(both.body.policy.logoutTimerMinutes).toBe(15);
    const none = await samlSignIn(b, idp, 'carol@acme.test', { groups: 'Everyone' });
    expect(none.body.user).toMatchObject({ node: 'Acme Corp', role: 'Employee' });
    const changes = (await auditEvents(b, 'user.role_changed')).filter((e) => e.userId === carol);
    expect(changes.map((e) => (e.details as { to: { role: string } }).to.role)).toEqual(['Employee', 'Admin', 'Engineer']);

    // SCIM group membership, matched by the group's externalId, then by displayName.
    const engGroup = await entra('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'Engineering staff', externalId: '0f3c9a2e-eng', members: [{ value: carol }] });
    expect(engGroup.status).toBe(201);
    expect(await placement(carol)).toMatchObject({ node: 'Engineering', role: 'Engineer' });
    const admins = await entra('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'keyhaven admins' });
    await entra('PATCH', `/Groups/${admins.body.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Add', path: 'members', value: [{ value: carol }] }] });
    expect(await placement(carol)).toMatchObject({ node: 'Security', role: 'Admin' });
    // A sign-in without the groups attribute still counts the SCIM groups.
    expect((await samlSignIn(b, idp, 'carol@acme.test')).body.user).toMatchObject({ node: 'Security', role: 'Admin' });
    await entra('PATCH', `/Groups/${admins.body.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Remove', path: `members[value eq "${carol}"]` }] });
    expect(await placement(carol)).toMatchObject({ node: 'Engineering', role: 'Engineer' });
    // Renaming the group so that no mapping names it any more moves its members back.
    await entra('PATCH', `/Groups/${engGroup.body.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Replace', value: { externalId: 'other' } }] });
    expect(await placement(carol)).toMatchObject({ node: 'Acme Corp', role: 'Employee' });
    // The Keyhaven extension sets a placement of the user's own, which mappings still override.
    await okta('PATCH', `/Users/${carol}`, { schemas: [PATCH_OP], Operations: [{ op: 'add', path: `${EXT}:node`, value: 'Engineering' }] });
    expect(await placement(carol)).toMatchObject({ node: 'Engineering', role: 'Engineer' });
    await entra('PATCH', `/Groups/${admins.body.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: carol }] }] });
    expect(await placement(carol)).toMatchObject({ node: 'Security', role: 'Admin' });
    await entra('DELETE', `/Groups/${admins.body.id}`);
    expect(await placement(carol)).toMatchObject({ node: 'Engineering', role: 'Engineer' });
    const byOkta = (await auditEvents(b, 'user.role_changed')).filter((e) => e.userId === carol && (e.details as { actor?: string }).actor === 'okta');
    expect(byOkta).toHaveLength(1);
  });

  it('deactivation revokes every session and remembered second factor at once; reactivation finds the vault intact', async () => {
    const created = await okta('POST', '/Users', { schemas: [USER_SCHEMA], userName: 'fox@acme.test' });
    const id = created.body.id as string;
    const first = await samlSignIn(b, idp, 'fox@acme.test');
    const second = await samlSignIn(b, idp, 'fox@acme.test');
    expect((await b.api('POST', '/v1/vault', { token: first.body.session, body: keys(first.body.deviceId) })).status).toBe(201);
    await b.backend.store.kysely
      .insertInto('two_factor_remembered_devices')
      .values({ user_id: id, device_id: first.body.deviceId, until: new Date(Date.now() + 86_400_000).toISOString(), secret_hash: 'ab'.repeat(32) } as never)
      .execute();
    expect((await b.api('GET', '/v1/me', { token: second.body.session })).status).toBe(200);

    const off = await entra('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] });
    expect(off.body).toMatchObject({ active: false, [EXT]: { status: 'deactivated' } });
    for (const s of [first.body.session, second.body.session]) expect((await b.api('GET', '/v1/me', { token: s })).status).toBe(401);
    const db = b.backend.store.kysely;
    expect(await db.selectFrom('sessions').select('token_hash').where('user_id', '=', id).execute()).toEqual([]);
    expect(await db.selectFrom('two_factor_remembered_devices').select('device_id').where('user_id', '=', id).execute()).toEqual([]);
    const refused = await samlSignIn(b, idp, 'fox@acme.test');
    expect(refused).toMatchObject({ status: 403, body: { error: 'user_deactivated' } });
    const [event] = await auditEvents(b, 'user.deactivated');
    expect(event).toMatchObject({ userId: id, details: { actor: 'entra', sessionsRevoked: 2 } });

    const on = await entra('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'active', value: 'True' }] });
    expect(on.body).toMatchObject({ active: true, [EXT]: { status: 'active' } });
    const back = await samlSignIn(b, idp, 'fox@acme.test');
    expect(back.status).toBe(200);
    expect(back.body.vaultExists).toBe(true);
    const vault = await b.api('GET', '/v1/vault', { token: back.body.session });
    expect(vault.body.keys).toMatchObject({ wrappedDataKey: keys('').wrappedDataKey });

    // A never-signed-in user goes back to invited, not active.
    const ghost = (await okta('POST', '/Users', { schemas: [USER_SCHEMA], userName: 'ghost@acme.test', active: false })).body;
    expect(ghost[EXT].status).toBe('deactivated');
    expect((await okta('PATCH', `/Users/${ghost.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'active', value: true }] })).body[EXT].status).toBe('invited');

    // DELETE ends everything, as deactivation does, and removes the user.
    const s = (await samlSignIn(b, idp, 'fox@acme.test')).body.session;
    expect((await okta('DELETE', `/Users/${id}`)).status).toBe(204);
    expect((await b.api('GET', '/v1/me', { token: s })).status).toBe(401);
    expect((await samlSignIn(b, idp, 'fox@acme.test')).body.error).toBe('jit_disabled');
  });

  it("the administrator's deactivation revokes the same things at once", async () => {
    const id = (await okta('POST', '/Users', { schemas: [USER_SCHEMA], userName: 'skinner@acme.test' })).body.id as string;
    const signedIn = await samlSignIn(b, idp, 'skinner@acme.test');
    const db = b.backend.store.kysely;
    await db
      .insertInto('two_factor_remembered_devices')
      .values({ user_id: id, device_id: signedIn.body.deviceId, until: new Date(Date.now() + 86_400_000).toISOString(), secret_hash: 'cd'.repeat(32) } as never)
      .execute();
    const off = await b.api('POST', `/v1/admin/users/${id}/deactivate`, { token: ADMIN_TOKEN });
    expect(off.status, off.text).toBe(200);
    expect((await b.api('GET', '/v1/me', { token: signedIn.body.session })).status).toBe(401);
    expect(await db.selectFrom('two_factor_remembered_devices').select('device_id').where('user_id', '=', id).execute()).toEqual([]);
    expect((await okta('GET', `/Users/${id}`)).body.active).toBe(false);
    expect((await b.api('POST', `/v1/admin/users/${id}/activate`, { token: ADMIN_TOKEN })).status).toBe(200);
    expect((await samlSignIn(b, idp, 'skinner@acme.test')).status).toBe(200);
  });

  it('audits every SCIM change with the token name and the attributes changed, never a password', async () => {
    const created = await okta('POST', '/Users', { schemas: [USER_SCHEMA], userName: 'mulder@acme.test', password: 'TrustNo1-secret', title: 'Agent' });
    await entra('PATCH', `/Users/${created.body.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'title', value: 'Special Agent' }, { op: 'add', path: 'password', value: 'Another-secret' }] });
    const [patched] = await auditEvents(b, 'scim.user.patched');
    expect(patched).toMatchObject({ userId: created.body.id, details: { actor: 'entra', changed: ['title'] } });
    const [made] = (await auditEvents(b, 'scim.user.created')).filter((e) => e.userId === created.body.id);
    expect(made?.details).toMatchObject({ actor: 'okta', userName: 'mulder@acme.test', status: 'invited' });
    const all = JSON.stringify(await auditEvents(b));
    expect(all).not.toContain('TrustNo1');
    expect(all).not.toContain('Another-secret');
    const raw = JSON.stringify(await b.backend.store.kysely.selectFrom('users').selectAll().execute());
    expect(raw).not.toContain('TrustNo1');
    const group = await okta('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'X-Files', members: [{ value: created.body.id }] });
    const [g] = await auditEvents(b, 'scim.group.created');
    expect(g).toMatchObject({ details: { actor: 'okta', groupId: group.body.id, displayName: 'X-Files', membersAdded: 1, addedUserIds: [created.body.id] } });
  });
});
