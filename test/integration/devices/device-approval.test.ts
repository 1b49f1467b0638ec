import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../../main/policy/enforcement-policy';
import { createApiClient } from '../../../main/api/api-client';
import { createHttpVaultApi } from '../../../main/vault/api/http-vault-api';
import { unwrapDataKeyForDevice } from '../../../main/vault/crypto/data-key';
import { generateDeviceKeyPair, unwrapApprovedDataKey, type DeviceKeyPair } from '../../../main/vault/crypto/device-approval';
import { unwrapPrivateKey } from '../../../main/vault/crypto/user-key-pair';
import { decodeDeviceKeyEntry } from '../../../main/vault/keychain/device-key-entry';
import { keychainAccount, keychainAccountPrefix } from '../../../main/vault/keychain/keychain';
import { createMemoryKeychainForTests } from '../../support/memory-keychain';
import { createVaultService, type VaultService } from '../../../main/vault/vault-service';
import { postgresTarget, sqliteTarget } from '../../support/store-targets';
import { ADMIN_TOKEN, type TestBackend } from '../../support/test-backend';
import { useIdpAndBackend } from '../../support/idp-and-backend';
import { allRows, encodings } from '../../support/zero-knowledge-scan';
import { devicesTenantYaml, signIn, startIdp, USERS, type SignedInDevice } from './device-fixture';

const RECORD = { type: 'login' as const, title: 'Payroll Zx9', username: 'alice-payroll-Zx9', password: 'Pw-Payroll#Qq81!', urls: [], notes: 'note Kestrel', folder: null, totp: null, fields: [], favorite: false };

interface App extends SignedInDevice {
  readonly keychain: ReturnType<typeof createMemoryKeychainForTests>;
  readonly vault: VaultService;
}

function app(b: TestBackend, d: SignedInDevice): App {
  const keychain = createMemoryKeychainForTests();
  const vault = createVaultService({
    api: createHttpVaultApi({ client: createApiClient({ baseUrl: b.url }), sessionToken: d.token }),
    keychain,
    accountPrefix: keychainAccountPrefix(b.url, d.userId),
  });
  return { ...d, keychain, vault };
}

describe.each([sqliteTarget(), postgresTarget()])('device approval ($name)', (target) => {
  const t = useIdpAndBackend({ startIdp, yaml: devicesTenantYaml, target });
  /** Alice's first device, trusted once the first test made her vault. */
  let trustedAlice: App;

  const request = (d: SignedInDevice, pair: DeviceKeyPair) => t.b.api('POST', '/v1/devices/approval-requests', { token: d.token, body: { publicKey: pair.publicKey } });
  const approve = (approver: App, id: string, publicKey: string, forDevice: string) =>
    t.b.api('POST', `/v1/devices/approval-requests/${id}/approve`, {
      token: approver.token,
      body: { approval: approver.vault.approveDevice(publicKey, { requestId: id, userId: approver.userId, deviceId: forDevice }) },
    });

  it('a trusted device approves a new one: the new device opens the same records, the approval is single use, and no row or log line holds a key', async () => {
    const a = app(t.b, await signIn(t.b, USERS[0], randomUUID()));
    await a.vault.create({ deviceId: a.deviceId, rules: DEFAULT_POLICY.masterPassword });
    await a.vault.save(RECORD);
    trustedAlice = a;
    const newDevice = app(t.b, await signIn(t.b, USERS[0], randomUUID()));
    const pair = generateDeviceKeyPair();

    // Not trusted yet: it may not see or answer requests.
    expect((await t.b.api('GET', '/v1/devices/approval-requests', { token: newDevice.token })).body.error).toBe('device_not_trusted');
    const made = await request(newDevice, pair);
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ deviceId: newDevice.deviceId, publicKey: pair.publicKey, ip: '127.0.0.1' });
    expect(Date.parse(made.body.expiresAt) - Date.parse(made.body.createdAt)).toBe(15 * 60_000);
    // Who can approve: alice's one trusted device, by name.
    expect(made.body.approvers).toEqual([expect.objectContaining({ name: expect.stringContaining('Alice'), platform: 'linux' })]);

    const pending = (await t.b.api('GET', '/v1/devices/approval-requests', { token: a.token })).body.requests;
    expect(pending.map((r: { id: string }) => r.id)).toEqual([made.body.id]);
    expect((await t.b.api('POST', `/v1/devices/approval-requests/${made.body.id}/seen`, { token: a.token })).status).toBe(200);
    expect((await t.b.api('GET', `/v1/devices/approval-requests/${made.body.id}`, { token: newDevice.token })).body).toMatchObject({ status: 'pending', seen: true });

    expect((await approve(a, made.body.id, pair.publicKey, newDevice.deviceId)).status).toBe(200);
    // A second answer to the same request is refused.
    expect((await t.b.api('POST', `/v1/devices/approval-requests/${made.body.id}/deny`, { token: a.token, body: {} })).body.error).toBe('approval_already_used');

    const outcome = await t.b.api('GET', `/v1/devices/approval-requests/${made.body.id}`, { token: newDevice.token });
    expect(outcome.body).toMatchObject({ status: 'approved', approverDeviceId: a.deviceId });
    const dataKey = unwrapApprovedDataKey(outcome.body.approval, pair, { requestId: made.body.id, userId: newDevice.userId, deviceId: newDevice.deviceId });
    const opened = await newDevice.vault.unlockWithApprovedKey(dataKey, { deviceId: newDevice.deviceId });
    expect(opened).toMatchObject({ recordCount: 1, deviceEnrolled: true });
    expect(newDevice.vault.list().map((r) => r.password)).toEqual([RECORD.password]);
    // Single use: the approval is gone once read.
    expect((await t.b.api('GET', `/v1/devices/approval-requests/${made.body.id}`, { token: newDevice.token })).body.error).toBe('approval_already_used');

    // The new device is now trusted and unlocks from its own keychain entry.
    newDevice.vault.lock();
    await newDevice.vault.unlock({ deviceId: newDevice.deviceId });
    const devices = (await t.b.api('GET', '/v1/devices', { token: newDevice.token })).body.devices;
    expect(devices.find((d: { id: string }) => d.id === newDevice.deviceId)).toMatchObject({ trusted: true, current: true });

    // Zero knowledge: the data key, both device keys, the request's and the user's private keys.
    const prefixA = keychainAccountPrefix(t.b.url, a.userId);
    const deviceKeyA = decodeDeviceKeyEntry(a.keychain.entries.get(keychainAccount(prefixA, 'device-key'))!).key;
    const deviceKeyB = decodeDeviceKeyEntry(newDevice.keychain.entries.get(keychainAccount(prefixA, 'device-key'))!).key;
    const keys = (await createHttpVaultApi({ client: createApiClient({ baseUrl: t.b.url }), sessionToken: a.token }).getVault()).keys!;
    const data = unwrapDataKeyForDevice(keys.wrappedDataKey!, deviceKeyA, a.deviceId);
    const userPrivate = unwrapPrivateKey(data, keys.wrappedPrivateKey, keys.publicKey);
    const secrets = [data, deviceKeyA, deviceKeyB, pair.privateKeyPkcs8, userPrivate].flatMap(encodings).concat([RECORD.password, RECORD.username, RECORD.title]);
    const rows = await allRows(t.b, ['vault_keys', 'devices', 'device_approval_requests', 'push_events', 'audit_events']);
    const logs = t.b.logs.join('');
    expect(secrets.filter((s) => rows.includes(s))).toEqual([]);
    expect(secrets.filter((s) => logs.includes(s))).toEqual([]);
    // The wrapped approval itself is dropped from the database once used.
    expect(rows).not.toContain(outcome.body.approval);
  });

  it('refuses expired, cross-user and self approvals, and requests of a deactivated user, with stable codes', async () => {
    const bob = app(t.b, await signIn(t.b, USERS[1], randomUUID()));
    await bob.vault.create({ deviceId: bob.deviceId, rules: DEFAULT_POLICY.masterPassword });
    const newDevice = await signIn(t.b, USERS[0], randomUUID());
    const pair = generateDeviceKeyPair();
    const made = (await request(newDevice, pair)).body;

    // Bob's trusted device cannot answer alice's request.
    expect((await approve(bob, made.id, pair.publicKey, newDevice.deviceId)).body.error).toBe('approval_wrong_user');
    expect((await t.b.api('GET', `/v1/devices/approval-requests/${made.id}`, { token: bob.token })).body.error).toBe('approval_wrong_user');
    expect((await t.b.api('POST', '/v1/devices/approval-requests/unknown-id/deny', { token: bob.token, body: {} })).body.error).toBe('approval_request_not_found');

    t.b.advanceClock(15 * 60_000 + 1_000);
    try {
      expect((await approve(trustedAlice, made.id, pair.publicKey, newDevice.deviceId)).body.error).toBe('approval_expired');
      // The requesting device itself is not trusted: it cannot answer its own request.
      expect((await t.b.api('POST', `/v1/devices/approval-requests/${made.id}/deny`, { token: newDevice.token, body: {} })).body.error).toBe('device_not_trusted');
      expect((await t.b.api('GET', `/v1/devices/approval-requests/${made.id}`, { token: newDevice.token })).body).toEqual({ status: 'expired' });
    } finally {
      t.b.advanceClock(-(15 * 60_000 + 1_000));
    }

    const deactivated = await t.b.api('POST', `/v1/admin/users/${newDevice.userId}/deactivate`, { token: ADMIN_TOKEN });
    expect(deactivated.status).toBe(200);
    // Deactivation ended the device's session: its request call is refused, and it cannot sign in again.
    expect((await request(newDevice, generateDeviceKeyPair())).body.error).toBe('session_expired');
    await expect(signIn(t.b, USERS[0], randomUUID())).rejects.toThrow(/user_deactivated/);
    await t.b.api('POST', `/v1/admin/users/${newDevice.userId}/activate`, { token: ADMIN_TOKEN });
  });
});
