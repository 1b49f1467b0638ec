import { describe, expect, it } from 'vitest';
import { postgresTarget, sqliteTarget } from '../../support/store-targets';
import {
  ADMIN_TOKEN,
  auditEvents,
  EXT,
  GROUP_SCHEMA,
  PATCH_OP,
  samlSignIn,
  USER_SCHEMA,
  scimBackendFor,
} from './scim-support';

const keys = (deviceId: string) => ({ deviceId, wrappedDataKey: 'd2RrLWNpcGhlcnRleHQ=', publicKey: 'cHVi', wrappedPrivateKey: 'd3Br' });

describe.each([sqliteTarget(), postgresTarget()])('SCIM provisioning lifecycle on $name', (target) => {
  const env = scimBackendFor(target);
  const placement = async (id: string) => (await env.okta('GET', `/Users/${id}`)).body[EXT] as { node: string; role: string; status: string };


  it('with JIT off, lets in only SCIM-provisioned people; the first sign-in turns invited into active', async () => {
    const before = (await env.okta('GET', '/Users')).body.totalResults;
    const stranger = await samlSignIn(env.b, env.idp, 'stranger@acme.test');
    expect(stranger.status).toBe(403);
    expect(stranger.body.error).toBe('jit_disabled');
    expect((await env.okta('GET', '/Users')).body.totalResults).toBe(before);

    const created = await env.okta('POST', '/Users', { schemas: [USER_SCHEMA], userName: 'Dana.Scully@acme.test', name: { givenName: 'Dana', familyName: 'Scully' } });
    expect(created.body[EXT]).toEqual({ node: 'Acme Corp', role: 'Employee', status: 'invited' });
    // The IdP sends the address in another letter case: still the same person.
    const signedIn = await samlSignIn(env.b, env.idp, 'dana.scully@ACME.test');
    expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(200);
    expect(signedIn.body.user).toMatchObject({ id: created.body.id, email: 'dana.scully@acme.test', node: 'Acme Corp', role: 'Employee' });
    expect(signedIn.body.vaultExists).toBe(false);
    expect((await placement(created.body.id)).status).toBe('active');
    expect((await auditEvents(env.b, 'user.first_sign_in')).map((e) => e.userId)).toContain(created.body.id);
    expect((await samlSignIn(env.b, env.idp, 'dana.scully@acme.test')).status).toBe(200);
    expect((await auditEvents(env.b, 'user.first_sign_in')).filter((e) => e.userId === created.body.id)).toHaveLength(1);
  });

  it('places people by group: SCIM groups and the SAML groups attribute, first roleMappings entry wins', async () => {
    const carol = (await env.entra('POST', '/Users', { schemas: [USER_SCHEMA], userName: 'carol@acme.test', externalId: 'carol-ext' })).body.id as string;
    // Claims at sign-in: the Engineers mapping matches the externalId-style value case-insensitively.
    const eng = await samlSignIn(env.b, env.idp, 'carol@acme.test', { groups: ['Everyone', '0F3C9A2E-ENG'] });
    expect(eng.body.user).toMatchObject({ node: 'Engineering', role: 'Engineer' });
    expect(eng.body.policy.requireTwoFactor).toBe(true);
    const both = await samlSignIn(env.b, env.idp, 'carol@acme.test', { groups: ['0f3c9a2e-eng', 'Keyhaven Admins'] });
    expect(both.body.user).toMatchObject({ node: 'Security', role: 'Admin' });
    expect(both.body.policy.logoutTimerMinutes).toBe(15);
    const none = await samlSignIn(env.b, env.idp, 'carol@acme.test', { groups: 'Everyone' });
    expect(none.body.user).toMatchObject({ node: 'Acme Corp', role: 'Employee' });
    const changes = (await auditEvents(env.b, 'user.role_changed')).filter((e) => e.userId === carol);
    expect(changes.map((e) => (e.details as { to: { role: string } }).to.role)).toEqual(['Employee', 'Admin', 'Engineer']);

    // SCIM group membership, matched by the group's externalId, then by displayName.
    const engGroup = await env.entra('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'Engineering staff', externalId: '0f3c9a2e-eng', members: [{ value: carol }] });
    expect(engGroup.status).toBe(201);
    expect(await placement(carol)).toMatchObject({ node: 'Engineering', role: 'Engineer' });
    const admins = await env.entra('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'keyhaven admins' });
    await env.entra('PATCH', `/Groups/${admins.body.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Add', path: 'members', value: [{ value: carol }] }] });
    expect(await placement(carol)).toMatchObject({ node: 'Security', role: 'Admin' });
    // A sign-in without the groups attribute still counts the SCIM groups.
    expect((await samlSignIn(env.b, env.idp, 'carol@acme.test')).body.user).toMatchObject({ node: 'Security', role: 'Admin' });
    await env.entra('PATCH', `/Groups/${admins.body.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Remove', path: `members[value eq "${carol}"]` }] });
    expect(await placement(carol)).toMatchObject({ node: 'Engineering', role: 'Engineer' });
    // Renaming the group so that no mapping names it any more moves its members back.
    await env.entra('PATCH', `/Groups/${engGroup.body.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Replace', value: { externalId: 'other' } }] });
    expect(await placement(carol)).toMatchObject({ node: 'Acme Corp', role: 'Employee' });
    // The Keyhaven extension sets a placement of the user's own, which mappings still override.
    await env.okta('PATCH', `/Users/${carol}`, { schemas: [PATCH_OP], Operations: [{ op: 'add', path: `${EXT}:node`, value: 'Engineering' }] });
    expect(await placement(carol)).toMatchObject({ node: 'Engineering', role: 'Engineer' });
    await env.entra('PATCH', `/Groups/${admins.body.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: carol }] }] });
    expect(await placement(carol)).toMatchObject({ node: 'Security', role: 'Admin' });
    await env.entra('DELETE', `/Groups/${admins.body.id}`);
    expect(await placement(carol)).toMatchObject({ node: 'Engineering', role: 'Engineer' });
    const byOkta = (await auditEvents(env.b, 'user.role_changed')).filter((e) => e.userId === carol && (e.details as { actor?: string }).actor === 'okta');
    expect(byOkta).toHaveLength(1);
  });

  it('deactivation revokes every session and remembered second factor at once; reactivation finds the vault intact', async () => {
    const created = await env.okta('POST', '/Users', { schemas: [USER_SCHEMA], userName: 'fox@acme.test' });
    const id = created.body.id as string;
    const first = await samlSignIn(env.b, env.idp, 'fox@acme.test');
    const second = await samlSignIn(env.b, env.idp, 'fox@acme.test');
    expect((await env.b.api('POST', '/v1/vault', { token: first.body.session, body: keys(first.body.deviceId) })).status).toBe(201);
    await env.b.backend.store.kysely
      .insertInto('two_factor_remembered_devices')
      .values({ user_id: id, device_id: first.body.deviceId, until: new Date(Date.now() + 86_400_000).toISOString(), secret_hash: 'ab'.repeat(32) } as never)
      .execute();
    expect((await env.b.api('GET', '/v1/me', { token: second.body.session })).status).toBe(200);

    const off = await env.entra('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] });
    expect(off.body).toMatchObject({ active: false, [EXT]: { status: 'deactivated' } });
    for (const s of [first.body.session, second.body.session]) expect((await env.b.api('GET', '/v1/me', { token: s })).status).toBe(401);
    const db = env.b.backend.store.kysely;
    expect(await db.selectFrom('sessions').select('token_hash').where('user_id', '=', id).execute()).toEqual([]);
    expect(await db.selectFrom('two_factor_remembered_devices').select('device_id').where('user_id', '=', id).execute()).toEqual([]);
    const refused = await samlSignIn(env.b, env.idp, 'fox@acme.test');
    expect(refused).toMatchObject({ status: 403, body: { error: 'user_deactivated' } });
    const [event] = await auditEvents(env.b, 'user.deactivated');
    expect(event).toMatchObject({ userId: id, details: { actor: 'entra', sessionsRevoked: 2 } });

    const on = await env.entra('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'active', value: 'True' }] });
    expect(on.body).toMatchObject({ active: true, [EXT]: { status: 'active' } });
    const back = await samlSignIn(env.b, env.idp, 'fox@acme.test');
    expect(back.status).toBe(200);
    expect(back.body.vaultExists).toBe(true);
    const vault = await env.b.api('GET', '/v1/vault', { token: back.body.session });
    expect(vault.body.keys).toMatchObject({ wrappedDataKey: keys('').wrappedDataKey });

    // A never-signed-in user goes back to invited, not active.
    const ghost = (await env.okta('POST', '/Users', { schemas: [USER_SCHEMA], userName: 'ghost@acme.test', active: false })).body;
    expect(ghost[EXT].status).toBe('deactivated');
    expect((await env.okta('PATCH', `/Users/${ghost.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'active', value: true }] })).body[EXT].status).toBe('invited');

    // DELETE ends everything, as deactivation does, and removes the user.
    const s = (await samlSignIn(env.b, env.idp, 'fox@acme.test')).body.session;
    expect((await env.okta('DELETE', `/Users/${id}`)).status).toBe(204);
    expect((await env.b.api('GET', '/v1/me', { token: s })).status).toBe(401);
    expect((await samlSignIn(env.b, env.idp, 'fox@acme.test')).body.error).toBe('jit_disabled');
  });

  it("the administrator's deactivation revokes the same things at once", async () => {
    const id = (await env.okta('POST', '/Users', { schemas: [USER_SCHEMA], userName: 'skinner@acme.test' })).body.id as string;
    const signedIn = await samlSignIn(env.b, env.idp, 'skinner@acme.test');
    const db = env.b.backend.store.kysely;
    await db
      .insertInto('two_factor_remembered_devices')
      .values({ user_id: id, device_id: signedIn.body.deviceId, until: new Date(Date.now() + 86_400_000).toISOString(), secret_hash: 'cd'.repeat(32) } as never)
      .execute();
    const off = await env.b.api('POST', `/v1/admin/users/${id}/deactivate`, { token: ADMIN_TOKEN });
    expect(off.status, off.text).toBe(200);
    expect((await env.b.api('GET', '/v1/me', { token: signedIn.body.session })).status).toBe(401);
    expect(await db.selectFrom('two_factor_remembered_devices').select('device_id').where('user_id', '=', id).execute()).toEqual([]);
    expect((await env.okta('GET', `/Users/${id}`)).body.active).toBe(false);
    expect((await env.b.api('POST', `/v1/admin/users/${id}/activate`, { token: ADMIN_TOKEN })).status).toBe(200);
    expect((await samlSignIn(env.b, env.idp, 'skinner@acme.test')).status).toBe(200);
  });

  it('audits every SCIM change with the token name and the attributes changed, never a password', async () => {
    const created = await env.okta('POST', '/Users', { schemas: [USER_SCHEMA], userName: 'mulder@acme.test', password: 'TrustNo1-secret', title: 'Agent' });
    await env.entra('PATCH', `/Users/${created.body.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'title', value: 'Special Agent' }, { op: 'add', path: 'password', value: 'Another-secret' }] });
    const [patched] = await auditEvents(env.b, 'scim.user.patched');
    expect(patched).toMatchObject({ userId: created.body.id, details: { actor: 'entra', changed: ['title'] } });
    const [made] = (await auditEvents(env.b, 'scim.user.created')).filter((e) => e.userId === created.body.id);
    expect(made?.details).toMatchObject({ actor: 'okta', userName: 'mulder@acme.test', status: 'invited' });
    const all = JSON.stringify(await auditEvents(env.b));
    expect(all).not.toContain('TrustNo1');
    expect(all).not.toContain('Another-secret');
    const raw = JSON.stringify(await env.b.backend.store.kysely.selectFrom('users').selectAll().execute());
    expect(raw).not.toContain('TrustNo1');
    const group = await env.okta('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'X-Files', members: [{ value: created.body.id }] });
    const [g] = await auditEvents(env.b, 'scim.group.created');
    expect(g).toMatchObject({ details: { actor: 'okta', groupId: group.body.id, displayName: 'X-Files', membersAdded: 1, addedUserIds: [created.body.id] } });
  });
});
