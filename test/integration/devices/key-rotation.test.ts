import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../main/errors/app-error';
import { DEFAULT_POLICY } from '../../../main/policy/enforcement-policy';
import { createApiClient } from '../../../main/api/api-client';
import { createHttpVaultApi } from '../../../main/vault/api/http-vault-api';
import { unwrapDataKeyForDevice } from '../../../main/vault/crypto/data-key';
import { generateDeviceKeyPair, unwrapApprovedDataKey } from '../../../main/vault/crypto/device-approval';
import { decodeDeviceKeyEntry } from '../../../main/vault/keychain/device-key-entry';
import { rewrapRecordKey } from '../../../main/vault/crypto/rotate-record-key';
import { keychainAccount, keychainAccountPrefix } from '../../../main/vault/keychain/keychain';
import { useIdpAndBackend } from '../../support/idp-and-backend';
import { createMemoryKeychainForTests } from '../../support/memory-keychain';
import { createVaultService } from '../../../main/vault/vault-service';
import { postgresTarget, sqliteTarget } from '../../support/store-targets';
import { ADMIN_TOKEN } from '../../support/test-backend';
import { devicesTenantYaml, signIn, startIdp, USERS, type SignedInDevice } from './device-fixture';

const RECORDS = 10_000;
const LAST = `r-${RECORDS - 1}`;

function records() {
  return Array.from({ length: RECORDS }, (_, i) => ({
    id: `r-${i}`,
    type: 'login' as const,
    title: `Site ${i}`,
    username: `user-${i}`,
    password: `pw-${i}`,
    urls: [],
    notes: '',
    folder: null,
    totp: null,
    fields: [],
    favorite: false,
  }));
}

describe.each([sqliteTarget(), postgresTarget()])('vault key rotation ($name)', (target) => {
  const t = useIdpAndBackend({ startIdp, yaml: devicesTenantYaml, target });

  const vaultFor = (d: SignedInDevice, devicePair?: ReturnType<typeof generateDeviceKeyPair>, keychain = createMemoryKeychainForTests()) =>
    createVaultService({
      api: createHttpVaultApi({ client: createApiClient({ baseUrl: t.b.url }), sessionToken: d.token }),
      keychain,
      accountPrefix: keychainAccountPrefix(t.b.url, d.userId),
      ...(devicePair ? { devicePair: async () => devicePair } : {}),
    });
  const rows = async (userId: string) =>
    (await t.b.backend.store.kysely.selectFrom('vault_records').select(['id', 'envelope', 'revision']).where('user_id', '=', userId).orderBy('id').execute()).map((r) => `${r.id}|${r.revision}|${r.envelope}`);

  it('rotates a 10,000-record vault in one change: a crash in the middle leaves nothing half done; afterwards both devices open every record and the old key opens none', async () => {
    const a = await signIn(t.b, USERS[0], randomUUID());
    const keychainA = createMemoryKeychainForTests();
    const vaultA = vaultFor(a, undefined, keychainA);
    await vaultA.create({ deviceId: a.deviceId, rules: DEFAULT_POLICY.masterPassword });
    await vaultA.saveMany(records(), { batchSize: 500 });

    // A second trusted device, approved the usual way.
    const second = await signIn(t.b, USERS[0], randomUUID());
    const pair = generateDeviceKeyPair();
    const vaultKeychainB = createMemoryKeychainForTests();
    const vaultB = vaultFor(second, pair, vaultKeychainB);
    const made = (await t.b.api('POST', '/v1/devices/approval-requests', { token: second.token, body: { publicKey: pair.publicKey } })).body;
    const binding = { requestId: made.id, userId: a.userId, deviceId: second.deviceId };
    expect((await t.b.api('POST', `/v1/devices/approval-requests/${made.id}/approve`, { token: a.token, body: { approval: vaultA.approveDevice(pair.publicKey, binding) } })).status).toBe(200);
    const approval = (await t.b.api('GET', `/v1/devices/approval-requests/${made.id}`, { token: second.token })).body.approval;
    await vaultB.unlockWithApprovedKey(unwrapApprovedDataKey(approval, pair, binding), { deviceId: second.deviceId });

    const before = await rows(a.userId);
    const keysBefore = JSON.stringify(await t.b.backend.store.vault.listKeys(a.userId));
    const deviceKeyA = decodeDeviceKeyEntry(keychainA.entries.get(keychainAccount(keychainAccountPrefix(t.b.url, a.userId), 'device-key'))!).key;
    const oldDataKey = unwrapDataKeyForDevice((await t.b.backend.store.vault.keysFor(a.userId, a.deviceId))!.wrappedDataKey, deviceKeyA, a.deviceId);
    const oldEnvelope = before.find((r) => r.startsWith(`${LAST}|`))!.split('|')[2]!;
    const devices = (await t.b.api('GET', '/v1/devices', { token: a.token })).body.devices as { id: string; publicKey: string }[];
    const others = devices.filter((d) => d.id !== a.deviceId).map((d) => ({ deviceId: d.id, publicKey: d.publicKey }));
    const post = async (change: unknown) => {
      const res = await t.b.api('POST', '/v1/vault/rotate', { token: a.token, body: change });
      if (res.status !== 200) throw new AppError(res.body.error, res.body.message);
    };

    // A crash in the middle: the database fails the update of the last record, after 9,999.
    const db = t.b.backend.store.kysely;
    if (target.name === 'sqlite') {
      await sql.raw(`create trigger crash_rotation before update on vault_records when new.id = '${LAST}' begin select raise(abort, 'crash'); end`).execute(db);
    } else {
      await sql.raw(`create function crash_rotation() returns trigger as $$ begin if new.id = '${LAST}' then raise exception 'crash'; end if; return new; end $$ language plpgsql`).execute(db);
      await sql.raw('create trigger crash_rotation before update on vault_records for each row execute function crash_rotation()').execute(db);
    }
    await expect(vaultA.rotateKey({ otherDevices: others, post })).rejects.toMatchObject({ code: 'internal' });
    expect(await rows(a.userId)).toEqual(before);
    expect(JSON.stringify(await t.b.backend.store.vault.listKeys(a.userId))).toBe(keysBefore);
    await sql.raw(target.name === 'sqlite' ? 'drop trigger crash_rotation' : 'drop trigger crash_rotation on vault_records').execute(db);

    // A write from the other device between the rotation's read and its post: refused whole.
    await expect(
      vaultA.rotateKey({
        otherDevices: others,
        post: async (change) => {
          await vaultB.save({ ...records()[0]!, title: 'Changed meanwhile' });
          await post(change);
        },
      }),
    ).rejects.toMatchObject({ code: 'stale_revision' });
    expect((await rows(a.userId)).filter((r) => !r.startsWith('r-0|'))).toEqual(before.filter((r) => !r.startsWith('r-0|')));

    const rotated = await vaultA.rotateKey({ otherDevices: others, post });
    expect(rotated.records).toBe(RECORDS);
    expect(vaultA.list()).toHaveLength(RECORDS);
    const after = await rows(a.userId);
    const newEnvelope = after.find((r) => r.startsWith(`${LAST}|`))!.split('|')[2]!;
    // The body stayed, the wrapped key changed.
    expect(newEnvelope.split('~')[1]).toBe(oldEnvelope.split('~')[1]);
    expect(newEnvelope.split('~')[0]).not.toBe(oldEnvelope.split('~')[0]);

    // The other device opens the rotated key with its own key pair, then unlocks as usual.
    vaultB.lock();
    const reopened = await vaultB.unlock({ deviceId: second.deviceId });
    expect(reopened.recordCount).toBe(RECORDS);
    expect(vaultB.get(LAST)?.password).toBe(`pw-${RECORDS - 1}`);
    vaultB.lock();
    await vaultB.unlock({ deviceId: second.deviceId });
    expect(vaultB.list()).toHaveLength(RECORDS);

    // Someone holding a copy of the old data key (a removed device) opens no record key any more.
    expect(() => rewrapRecordKey(oldDataKey, Buffer.alloc(32), LAST, oldEnvelope)).not.toThrow();
    for (const row of after) {
      const [id, , envelope] = row.split('|') as [string, string, string];
      expect(() => rewrapRecordKey(oldDataKey, Buffer.alloc(32), id, envelope)).toThrow(/integrity|tamper|authentication/i);
    }
    const events = (await t.b.api('GET', `/v1/admin/events?type=vault.key_rotated&userId=${a.userId}`, { token: ADMIN_TOKEN })).body.events;
    expect(events).toHaveLength(1);

    // Zero knowledge after the flow: neither data key, no device key and no device private key
    // is in any row of the tables this flow wrote, nor in any log line.
    const newDataKey = unwrapDataKeyForDevice((await t.b.backend.store.vault.keysFor(a.userId, a.deviceId))!.wrappedDataKey, deviceKeyA, a.deviceId);
    const deviceKeyB = decodeDeviceKeyEntry([...vaultKeychainB.entries.values()].find((v) => v.includes(second.deviceId))!).key;
    const secrets = [oldDataKey, newDataKey, deviceKeyA, deviceKeyB, pair.privateKeyPkcs8].flatMap((k) => [k.toString('base64url'), k.toString('base64'), k.toString('hex')]);
    const written = [
      JSON.stringify(await db.selectFrom('vault_keys').selectAll().execute()),
      JSON.stringify(await db.selectFrom('vault').selectAll().execute()),
      JSON.stringify(await db.selectFrom('device_approval_requests').selectAll().execute()),
      JSON.stringify(await db.selectFrom('devices').selectAll().execute()),
      JSON.stringify(await db.selectFrom('push_events').selectAll().execute()),
      JSON.stringify(await db.selectFrom('audit_events').selectAll().execute()),
      after.join('\n'),
    ].join('\n');
    expect(secrets.filter((k) => written.includes(k))).toEqual([]);
    expect(secrets.filter((k) => t.b.logs.join('').includes(k))).toEqual([]);
  }, 600_000);
});
