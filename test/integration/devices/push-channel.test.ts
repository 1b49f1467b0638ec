import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoOidcIdp } from '../../../main/demo/oidc-idp';
import { generateDeviceKeyPair } from '../../../main/vault/crypto/device-approval';
import { postgresTarget, sqliteTarget } from '../../support/store-targets';
import { ADMIN_TOKEN, startTestBackend, type TestBackend } from '../../support/test-backend';
import { devicesTenantYaml, listen, signIn, startIdp, streamBlockedFetch, USERS } from './device-fixture';

const WAIT = { timeout: 15_000, interval: 50 };

/** Makes alice's vault (opaque blobs: the backend never looks inside) from her first device. */
async function createVault(b: TestBackend, token: string, deviceId: string): Promise<void> {
  const blob = (s: string) => Buffer.from(s).toString('base64url');
  const res = await b.api('POST', '/v1/vault', {
    token,
    body: { deviceId, wrappedDataKey: blob('wrapped-for-device'), publicKey: generateDeviceKeyPair().publicKey, wrappedPrivateKey: blob('wrapped-private') },
  });
  expect(res.status).toBe(201);
}

describe.each([sqliteTarget(), postgresTarget()])('push channel across two backend instances ($name)', (target) => {
  let idp: DemoOidcIdp;
  let a: TestBackend;
  let b: TestBackend;

  beforeAll(async () => {
    await target.setup();
    idp = await startIdp();
    const db = await target.fresh();
    const yaml = devicesTenantYaml(idp.issuer);
    a = await startTestBackend({ yaml, db });
    b = await startTestBackend({ yaml, db });
  }, 120_000);

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await idp?.close();
    await target.teardown();
  });

  it('delivers an event made through instance A to an app connected to instance B, and only to that user', async () => {
    const alice1 = await signIn(a, USERS[0], randomUUID());
    const alice2 = await signIn(a, USERS[0], randomUUID());
    const bob = await signIn(a, USERS[1], randomUUID());
    await createVault(a, alice1.token, alice1.deviceId);
    const onB = listen(b.url, alice1.token);
    const bobOnB = listen(b.url, bob.token);
    try {
      await expect.poll(() => onB.modes.includes('stream') && bobOnB.modes.includes('stream'), WAIT).toBe(true);
      const made = await a.api('POST', '/v1/devices/approval-requests', { token: alice2.token, body: { publicKey: generateDeviceKeyPair().publicKey } });
      expect(made.status).toBe(201);
      await expect.poll(() => onB.events.map((e) => [e.type, e.payload.requestId]), WAIT).toContainEqual(['approval.requested', made.body.id]);
      // Bob's app got nothing of alice's; events carry ids only, never key material.
      expect(bobOnB.events).toEqual([]);
      expect(JSON.stringify(onB.events)).not.toContain(made.body.publicKey);
    } finally {
      onB.client.stop();
      bobOnB.client.stop();
    }
  });

  it('ends the stream of an app on instance B when its user is deactivated through instance A, saying why', async () => {
    const bob = await signIn(a, USERS[1], randomUUID());
    const onB = listen(b.url, bob.token);
    try {
      await expect.poll(() => onB.modes.includes('stream'), WAIT).toBe(true);
      const deactivated = await a.api('POST', `/v1/admin/users/${bob.userId}/deactivate`, { token: ADMIN_TOKEN });
      expect(deactivated.status).toBe(200);
      await expect.poll(() => onB.signedOut, WAIT).toEqual(['user_deactivated']);
      expect(onB.client.mode()).toBe('stopped');
    } finally {
      onB.client.stop();
      await a.api('POST', `/v1/admin/users/${bob.userId}/activate`, { token: ADMIN_TOKEN });
    }
  });

  it('ends the stream of a removed device as device_removed, and the polling fallback sees the end too', async () => {
    const keeper = await signIn(a, USERS[0], randomUUID());
    const removed = await signIn(a, USERS[0], randomUUID());
    const polled = await signIn(a, USERS[0], randomUUID());
    // The keeper must be trusted to remove devices: give it a key (it joins alice's vault).
    const put = await a.api('POST', '/v1/vault/keys', { token: keeper.token, body: { deviceId: keeper.deviceId, wrappedDataKey: Buffer.from('k').toString('base64url') } });
    expect(put.status).toBe(200);
    const onB = listen(b.url, removed.token);
    const polling = listen(b.url, polled.token, { fetch: streamBlockedFetch });
    try {
      await expect.poll(() => onB.modes.includes('stream') && polling.modes.includes('poll'), WAIT).toBe(true);
      const made = await a.api('POST', '/v1/devices/approval-requests', { token: removed.token, body: { publicKey: generateDeviceKeyPair().publicKey } });
      expect(made.status).toBe(201);
      // The blocked-stream app learns of the same event by polling.
      await expect.poll(() => polling.events.map((e) => e.payload.requestId), WAIT).toContain(made.body.id);

      const res = await a.api('DELETE', `/v1/devices/${removed.deviceId}`, { token: keeper.token });
      expect(res.status).toBe(200);
      await expect.poll(() => onB.signedOut, WAIT).toEqual(['device_removed']);
      // Its session is gone at once: any call now is refused.
      expect((await b.api('GET', '/v1/me', { token: removed.token })).status).toBe(401);

      const gone = await a.api('DELETE', `/v1/devices/${polled.deviceId}`, { token: keeper.token });
      expect(gone.status).toBe(200);
      // Its token no longer works, but its ticket tells the poll why.
      await expect.poll(() => polling.signedOut, WAIT).toEqual(['device_removed']);
      const audit = (await a.api('GET', `/v1/admin/events?type=device.removed&userId=${keeper.userId}`, { token: ADMIN_TOKEN })).body.events;
      expect(audit.map((e: { details: { deviceId: string } }) => e.details.deviceId)).toEqual(expect.arrayContaining([removed.deviceId, polled.deviceId]));
    } finally {
      onB.client.stop();
      polling.client.stop();
    }
  });

  it('tells a polling app whose user was deactivated why, and refuses a forged ticket', async () => {
    const bob = await signIn(a, USERS[1], randomUUID());
    const polling = listen(b.url, bob.token, { fetch: streamBlockedFetch });
    try {
      await expect.poll(() => polling.modes.includes('poll'), WAIT).toBe(true);
      expect((await a.api('POST', `/v1/admin/users/${bob.userId}/deactivate`, { token: ADMIN_TOKEN })).status).toBe(200);
      await expect.poll(() => polling.signedOut, WAIT).toEqual(['user_deactivated']);
      const forged = await fetch(`${b.url}/v1/push/poll`, { headers: { authorization: `Bearer ${bob.token}`, 'x-keyhaven-push-ticket': 'eyJ4Ijo.AAAA' } });
      expect(((await forged.json()) as { error: string }).error).toBe('session_expired');
    } finally {
      polling.client.stop();
      await a.api('POST', `/v1/admin/users/${bob.userId}/activate`, { token: ADMIN_TOKEN });
    }
  });

  it('refuses the stream and the poll without a valid session, naming the code', async () => {
    expect((await b.api('GET', '/v1/push/stream')).body).toMatchObject({ error: 'unauthorized' });
    expect((await b.api('GET', '/v1/push/poll', { token: 'not-a-session' })).body).toMatchObject({ error: 'session_expired' });
    const alice = await signIn(a, USERS[0], randomUUID());
    expect((await b.api('GET', '/v1/push/poll?after=-1', { token: alice.token })).body).toMatchObject({ error: 'bad_request' });
  });
});

describe('push channel on one instance: a change it answers reaches its connected apps at once', () => {
  let idp: DemoOidcIdp;
  let b: TestBackend;
  const target = sqliteTarget();

  beforeAll(async () => {
    await target.setup();
    idp = await startIdp();
    // Rounds an hour apart: only the change itself can have delivered the events below.
    b = await startTestBackend({ yaml: devicesTenantYaml(idp.issuer), db: await target.fresh(), pushRoundMs: 3_600_000 });
  }, 120_000);

  afterAll(async () => {
    await b?.close();
    await idp?.close();
    await target.teardown();
  });

  it('delivers the approval request and its answer over the streams without waiting for a round', async () => {
    const trusted = await signIn(b, USERS[0], randomUUID());
    const newDevice = await signIn(b, USERS[0], randomUUID());
    await createVault(b, trusted.token, trusted.deviceId);
    const atTrusted = listen(b.url, trusted.token);
    const atNew = listen(b.url, newDevice.token);
    try {
      await expect.poll(() => atTrusted.modes.includes('stream') && atNew.modes.includes('stream'), WAIT).toBe(true);
      const made = await b.api('POST', '/v1/devices/approval-requests', { token: newDevice.token, body: { publicKey: generateDeviceKeyPair().publicKey } });
      expect(made.status).toBe(201);
      await expect.poll(() => atTrusted.events.map((e) => [e.type, e.payload.requestId]), WAIT).toContainEqual(['approval.requested', made.body.id]);
      const denied = await b.api('POST', `/v1/devices/approval-requests/${made.body.id}/deny`, { token: trusted.token });
      expect(denied.status).toBe(200);
      await expect.poll(() => atNew.events.map((e) => [e.type, e.payload.requestId]), WAIT).toContainEqual(['approval.decided', made.body.id]);
      // Both over the stream: the polling fallback never ran.
      expect([...atTrusted.modes, ...atNew.modes]).toEqual(['stream', 'stream']);
    } finally {
      atTrusted.client.stop();
      atNew.client.stop();
    }
  });
});
