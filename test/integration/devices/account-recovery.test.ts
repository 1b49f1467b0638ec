import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeVaultArchives, VAULT_ARCHIVE_RETENTION_DAYS } from '../../../main/backend/devices/admin-approval-store';
import { API } from '../../../main/api/api';
import { createApiClient, type ApiClient } from '../../../main/api/api-client';
import { checkRecoveryKeyBeforeCreate, createRecoveryAdmin, ensureRecoveryEnrolment, rotationRecovery } from '../../../main/devices/account-recovery';
import { startDemoOidcIdp, type DemoOidcIdp } from '../../../main/demo/oidc-idp';
import { createLogger } from '../../../main/log/logger';
import { DEFAULT_POLICY } from '../../../main/policy/enforcement-policy';
import { createHttpVaultApi } from '../../../main/vault/api/http-vault-api';
import { dataKeyRecoveryContext, recoveryPrivateKeyContext } from '../../../main/vault/account-recovery';
import { unwrapDataKeyForDevice } from '../../../main/vault/crypto/data-key';
import { generateDeviceKeyPair, unwrapApprovedDataKey, type DeviceKeyPair } from '../../../main/vault/crypto/device-approval';
import { fingerprintPhrase } from '../../../main/vault/crypto/fingerprint-phrase';
import { generateRecoveryKeyPair, openSealed, recoveryKeyFingerprint } from '../../../main/vault/crypto/recovery-key';
import { unwrapPrivateKey } from '../../../main/vault/crypto/user-key-pair';
import { decodeDeviceKeyEntry } from '../../../main/vault/keychain/device-key-entry';
import { keychainAccount, keychainAccountPrefix } from '../../../main/vault/keychain/keychain';
import { createVaultService, type VaultService } from '../../../main/vault/vault-service';
import { createMemoryKeychainForTests } from '../../support/memory-keychain';
import { errorCode } from '../../support/refusal';
import { authorizeInBrowser } from '../../support/oidc-browser';
import { postgresTarget, sqliteTarget } from '../../support/store-targets';
import { tenantYaml } from '../../support/tenant-yaml';
import { ADMIN_TOKEN, startTestBackend, type TestBackend } from '../../support/test-backend';
import { allRows, encodings } from '../../support/zero-knowledge-scan';

const CLIENT_ID = 'keyhaven-desktop';
const REDIRECT = 'http://127.0.0.1:53682/sso/oidc/callback';
const PEOPLE = {
  alice: { email: 'alice@recovery.test', password: 'alice-idp-pass', name: 'Alice' },
  erin: { email: 'erin@recovery.test', password: 'erin-idp-pass', name: 'Erin' },
  bob: { email: 'bob@recovery.test', password: 'bob-idp-pass', name: 'Bob' },
  carol: { email: 'carol@recovery.test', password: 'carol-idp-pass', name: 'Carol' },
  dave: { email: 'dave@recovery.test', password: 'dave-idp-pass', name: 'Dave' },
} as const;
type Who = keyof typeof PEOPLE;
const RECORD = { type: 'login' as const, title: 'Vendor portal Qm4', username: 'alice-vendor-Qm4', password: 'Pw-Vendor#Lk52!', urls: [], notes: '', folder: null, totp: null, fields: [], favorite: false };
const silent = createLogger({ level: 'silent' });

function recoveryTenantYaml(issuer: string, pin: string | null): string {
  return tenantYaml({
    tenant: 'Recovery Test',
    children: ['Sales'],
    roles: `  - name: Employee
    policy: { onboarding: false, accountRecovery: true }
  - name: Approver
    policy: { onboarding: false, accountRecovery: true, admin: { scope: Recovery Test, permissions: [devices, users] } }`,
    rest: `${pin === null ? '' : `recoveryKey:\n  fingerprint: ${pin}\n`}sso:
  - id: recovery-oidc
    type: oidc
    node: Recovery Test
    domains: [recovery.test]
    jit: true
    issuer: ${issuer}
    clientId: ${CLIENT_ID}
`,
  });
}

interface Device {
  readonly who: Who;
  readonly deviceId: string;
  readonly token: string;
  readonly userId: string;
  readonly keychain: ReturnType<typeof createMemoryKeychainForTests>;
  readonly vault: VaultService;
  /** The app's API client with this device's session. */
  readonly deps: { readonly client: ApiClient; readonly token: () => string };
  /** The backend this device signed in to (its keychain accounts are named after it). */
  readonly backend: TestBackend;
}

async function signIn(b: TestBackend, who: Who): Promise<Device> {
  const person = PEOPLE[who];
  const deviceId = randomUUID();
  const started = await b.api('POST', '/v1/sso/start', { body: { email: person.email, redirectUri: REDIRECT, device: { id: deviceId, name: `${person.name} on host-${deviceId.slice(0, 4)} (Linux)`, platform: 'linux' } } });
  if (started.status !== 200) throw new Error(`start failed: ${started.text}`);
  const callbackUrl = await authorizeInBrowser(started.body.authorizationUrl, REDIRECT, { login: person.email, password: person.password });
  const done = await b.api('POST', '/v1/sso/complete', { body: { transactionId: started.body.transactionId, callbackUrl } });
  if (done.status !== 200) throw new Error(`complete failed: ${done.text}`);
  const token = String(done.body.session);
  const userId = String(done.body.user.id);
  const keychain = createMemoryKeychainForTests();
  const vault = createVaultService({ api: createHttpVaultApi({ client: createApiClient({ baseUrl: b.url }), sessionToken: token }), keychain, accountPrefix: keychainAccountPrefix(b.url, userId) });
  const deps = { client: createApiClient({ baseUrl: b.url }), token: () => token };
  return { who, deviceId, token, userId, keychain, vault, deps, backend: b };
}

/** The data key and user private key a device holds (read back from its keychain, for the scan). */
async function heldKeys(d: Device): Promise<{ deviceKey: Buffer; dataKey: Buffer; userPrivateKey: Buffer; userPublicKey: string }> {
  const b = d.backend;
  const deviceKey = decodeDeviceKeyEntry(d.keychain.entries.get(keychainAccount(keychainAccountPrefix(b.url, d.userId), 'device-key'))!).key;
  const keys = (await createHttpVaultApi({ client: createApiClient({ baseUrl: b.url }), sessionToken: d.token }).getVault()).keys!;
  const dataKey = unwrapDataKeyForDevice(keys.wrappedDataKey!, deviceKey, d.deviceId);
  return { deviceKey, dataKey, userPrivateKey: unwrapPrivateKey(dataKey, keys.wrappedPrivateKey, keys.publicKey), userPublicKey: keys.publicKey };
}

describe.each([sqliteTarget(), postgresTarget()])('account recovery: administrator approval with a pinned recovery key ($name)', (target) => {
  let idp: DemoOidcIdp;
  let setupBackend: TestBackend;
  let b: TestBackend;
  let db: string;
  let fingerprint: string;
  let carol: Device;
  let alice: Device;

  const makeAdmin = async (bk: TestBackend, who: Who): Promise<Device> => {
    const first = await signIn(bk, who);
    const placed = await bk.api('PATCH', `/v1/admin/users/${first.userId}`, { token: ADMIN_TOKEN, body: { role: 'Approver' } });
    expect(placed.status).toBe(200);
    const d = await signIn(bk, who);
    await d.vault.create({ deviceId: d.deviceId, rules: DEFAULT_POLICY.masterPassword });
    return d;
  };

  const requestApproval = async (d: Device, pair: DeviceKeyPair) => {
    const made = await b.api('POST', '/v1/devices/approval-requests', { token: d.token, body: { publicKey: pair.publicKey } });
    expect(made.status).toBe(201);
    return made.body as { id: string; recovery: boolean; masterPassword: boolean; approvers: unknown[] };
  };

  const openWithOutcome = async (d: Device, id: string, pair: DeviceKeyPair) => {
    const outcome = await b.api('GET', `/v1/devices/approval-requests/${id}`, { token: d.token });
    expect(outcome.body.status).toBe('approved');
    const dataKey = unwrapApprovedDataKey(outcome.body.approval, pair, { requestId: id, userId: d.userId, deviceId: d.deviceId });
    return d.vault.unlockWithApprovedKey(dataKey, { deviceId: d.deviceId });
  };

  beforeAll(async () => {
    await target.setup();
    idp = await startDemoOidcIdp({ users: Object.values(PEOPLE), clientId: CLIENT_ID });
    db = await target.fresh();
    setupBackend = await startTestBackend({ yaml: recoveryTenantYaml(idp.issuer, null), db });
  }, 120_000);

  afterAll(async () => {
    await setupBackend?.close();
    await b?.close();
    await idp?.close();
    await target.teardown();
  });

  it('the first administrator makes the recovery key on their device; the server keeps only its public key and a copy sealed to that administrator', async () => {
    carol = await makeAdmin(setupBackend, 'carol');
    const admin = createRecoveryAdmin({ ...carol.deps, managedPin: null, logger: silent });
    expect((await admin.status()).key).toBeNull();
    const status = await admin.setUp(carol.vault, carol.userId);
    fingerprint = status.key!.fingerprint;
    expect(recoveryKeyFingerprint(status.key!.publicKey)).toBe(fingerprint);
    expect(status.key!.pinned).toBeNull();
    expect(status.myGrant).toMatch(/^kh1\.ecdh-p256-recovery-a256gcm\./);
    // A second key is refused: there is one per organisation.
    expect(errorCode(await admin.setUp(carol.vault, carol.userId).catch((e: unknown) => e))).toBe('conflict');
    // The organisation pins the fingerprint; the backend restarts with it.
    b = await startTestBackend({ yaml: recoveryTenantYaml(idp.issuer, fingerprint), db });
    expect((await b.api('GET', '/v1/recovery/key', { token: carol.token })).body).toMatchObject({ fingerprint, pinned: fingerprint });
  });

  it('a vault made under accountRecovery is sealed to the pinned key; an administrator picks the phrase and approves a new device, which opens the same records; audited with both names', async () => {
    alice = await signIn(b, 'alice');
    const deps = { ...alice.deps, managedPin: fingerprint.toUpperCase(), logger: silent };
    await checkRecoveryKeyBeforeCreate(deps, true);
    await alice.vault.create({ deviceId: alice.deviceId, rules: DEFAULT_POLICY.masterPassword });
    await alice.vault.save(RECORD);
    expect(await ensureRecoveryEnrolment(deps, alice.vault, alice.userId)).toBe('enrolled');
    expect(await ensureRecoveryEnrolment(deps, alice.vault, alice.userId)).toBe('already_enrolled');

    const laptop = await signIn(b, 'alice');
    const pair = generateDeviceKeyPair();
    const made = await requestApproval(laptop, pair);
    expect(made).toMatchObject({ recovery: true, masterPassword: false });

    // Carol's vault is open on her device; the approval runs there.
    const admin = createRecoveryAdmin({ ...carol.deps, managedPin: fingerprint, logger: silent });
    const listed = (await admin.requests()).find((r) => r.id === made.id)!;
    expect(listed).toMatchObject({ email: PEOPLE.alice.email, deviceId: laptop.deviceId, recoveryEnrolled: true });
    const phrase = fingerprintPhrase(pair.publicKey, PEOPLE.alice.email);
    expect(listed.candidates).toHaveLength(4);
    expect(listed.candidates).toContain(phrase);
    expect(await admin.answer(carol.vault, made.id, { kind: 'pick', phrase })).toEqual({ outcome: 'approved' });

    const opened = await openWithOutcome(laptop, made.id, pair);
    expect(opened).toMatchObject({ recordCount: 1, deviceEnrolled: true });
    expect(laptop.vault.list().map((r) => r.password)).toEqual([RECORD.password]);

    const events = (await b.api('GET', '/v1/admin/events?type=device.approved_by_admin', { token: ADMIN_TOKEN })).body.events;
    expect(events[0].details).toMatchObject({ actor: PEOPLE.carol.email, user: PEOPLE.alice.email, requestId: made.id });
  });

  it('a wrong pick refuses the request for good, and a deny is told to the new device', async () => {
    const admin = createRecoveryAdmin({ ...carol.deps, managedPin: fingerprint, logger: silent });
    const phone = await signIn(b, 'alice');
    const pair = generateDeviceKeyPair();
    const made = await requestApproval(phone, pair);
    const listed = (await admin.requests()).find((r) => r.id === made.id)!;
    const wrong = listed.candidates.find((c) => c !== fingerprintPhrase(pair.publicKey, PEOPLE.alice.email))!;
    expect(await admin.answer(carol.vault, made.id, { kind: 'pick', phrase: wrong })).toEqual({ outcome: 'wrong_phrase' });
    expect((await b.api('GET', `/v1/devices/approval-requests/${made.id}`, { token: phone.token })).body).toEqual({ status: 'denied', reason: 'wrong_phrase' });

    const again = await requestApproval(phone, pair);
    await admin.requests();
    expect(await admin.answer(carol.vault, again.id, { kind: 'deny' })).toEqual({ outcome: 'denied' });
    expect((await b.api('GET', `/v1/devices/approval-requests/${again.id}`, { token: phone.token })).body).toEqual({ status: 'denied', reason: 'denied' });
  });

  it('gives the key to a second administrator, who then approves; before that they cannot, and the admin token never can', async () => {
    const dave = await makeAdmin(b, 'dave');
    const daveAdmin = createRecoveryAdmin({ ...dave.deps, managedPin: fingerprint, logger: silent });
    const phone = await signIn(b, 'alice');
    const pair = generateDeviceKeyPair();
    const made = await requestApproval(phone, pair);
    await daveAdmin.requests();
    expect(errorCode(await daveAdmin.answer(dave.vault, made.id, { kind: 'pick', phrase: fingerprintPhrase(pair.publicKey, PEOPLE.alice.email) }).catch((e: unknown) => e))).toBe(
      'recovery_key_not_granted',
    );
    expect((await b.api('GET', `/v1/admin/approvals/${made.id}`, { token: ADMIN_TOKEN })).body.error).toBe('forbidden');

    const status = await createRecoveryAdmin({ ...carol.deps, managedPin: fingerprint, logger: silent }).grant(carol.vault, dave.userId);
    expect(status.admins.find((a) => a.userId === dave.userId)).toMatchObject({ granted: true });
    expect(await daveAdmin.answer(dave.vault, made.id, { kind: 'pick', phrase: fingerprintPhrase(pair.publicKey, PEOPLE.alice.email) })).toEqual({ outcome: 'approved' });
    expect(await openWithOutcome(phone, made.id, pair)).toMatchObject({ recordCount: 1 });
  });

  it('rotation re-seals the recovery copy in the same change; an administrator still approves afterwards', async () => {
    const deps = { ...alice.deps, managedPin: fingerprint, logger: silent };
    const devices = (await b.api('GET', '/v1/devices', { token: alice.token })).body.devices as { id: string; trusted: boolean; publicKey: string | null }[];
    const others = devices.filter((d) => d.trusted && d.id !== alice.deviceId).map((d) => ({ deviceId: d.id, publicKey: d.publicKey! }));
    // Without the recovery copy the server refuses the whole rotation.
    const without = await alice.vault.rotateKey({ otherDevices: others, post: async (change) => void (await alice.deps.client.call(API.vault.rotate, { token: alice.token, body: change })) }).catch((e: unknown) => e);
    expect(errorCode(without)).toBe('conflict');
    const recovery = await rotationRecovery(deps, alice.userId);
    expect(await alice.vault.rotateKey({ otherDevices: others, ...(recovery ? { recovery } : {}), post: async (change) => void (await alice.deps.client.call(API.vault.rotate, { token: alice.token, body: change })) })).toEqual({ records: 1 });

    const tablet = await signIn(b, 'alice');
    const pair = generateDeviceKeyPair();
    const made = await requestApproval(tablet, pair);
    const admin = createRecoveryAdmin({ ...carol.deps, managedPin: fingerprint, logger: silent });
    await admin.requests();
    expect(await admin.answer(carol.vault, made.id, { kind: 'pick', phrase: fingerprintPhrase(pair.publicKey, PEOPLE.alice.email) })).toEqual({ outcome: 'approved' });
    expect(await openWithOutcome(tablet, made.id, pair)).toMatchObject({ recordCount: 1 });
    expect(tablet.vault.list().map((r) => r.password)).toEqual([RECORD.password]);
  });

  it('a recovery key swapped in the database is refused by the backend (tenant pin) and by a client (managed.json pin); nothing is enrolled or created', async () => {
    const kysely = b.backend.store.kysely;
    const original = await kysely.selectFrom('recovery_key').selectAll().executeTakeFirstOrThrow();
    const swapped = generateRecoveryKeyPair().publicKey;
    await kysely.updateTable('recovery_key').set({ public_key: swapped, fingerprint: recoveryKeyFingerprint(swapped) }).execute();
    try {
      const bob = await signIn(b, 'bob');
      expect((await b.api('GET', '/v1/recovery/key', { token: bob.token })).body.error).toBe('recovery_key_mismatch');
      // The backend without the tenant pin hands the swapped key out; the client's managed.json pin refuses it.
      const unpinned = await signIn(setupBackend, 'bob');
      const deps = { ...unpinned.deps, managedPin: fingerprint, logger: silent };
      expect(errorCode(await checkRecoveryKeyBeforeCreate(deps, true).catch((e: unknown) => e))).toBe('recovery_key_mismatch');
      expect(await kysely.selectFrom('vault').select('user_id').where('user_id', '=', unpinned.userId).executeTakeFirst()).toBeUndefined();
      // Nor does an enrolled vault move to the swapped key.
      expect(errorCode(await ensureRecoveryEnrolment({ ...alice.deps, managedPin: fingerprint, logger: silent }, alice.vault, alice.userId).catch((e: unknown) => e))).toBe(
        'recovery_key_mismatch',
      );
    } finally {
      await kysely.updateTable('recovery_key').set({ public_key: original.public_key, fingerprint: original.fingerprint }).execute();
    }
  });

  it('nobody left to approve: the request says so; the administrator resets the vault (confirmed, audited), the old ciphertext is archived until its retention ends', async () => {
    const erin = await signIn(b, 'erin');
    await erin.vault.create({ deviceId: erin.deviceId, rules: DEFAULT_POLICY.masterPassword });
    await erin.vault.save({ ...RECORD, title: 'Erin archive Wd7' });
    const kysely = b.backend.store.kysely;
    // Erin's vault was made before she could be enrolled (no pin on her side), and her only device is lost:
    // no master password, no recovery copy, one approver that will never answer.
    const envelopeBefore = (await kysely.selectFrom('vault_records').select('envelope').where('user_id', '=', erin.userId).executeTakeFirstOrThrow()).envelope;
    const second = await signIn(b, 'erin');
    const made = await requestApproval(second, generateDeviceKeyPair());
    expect(made).toMatchObject({ recovery: false, masterPassword: false });
    expect(made.approvers).toHaveLength(1);

    const wrongConfirm = await b.api('POST', `/v1/admin/users/${erin.userId}/reset-vault`, { token: carol.token, body: { confirmEmail: 'someone@recovery.test' } });
    expect(wrongConfirm.body).toMatchObject({ error: 'bad_request', detail: { field: 'confirmEmail' } });
    expect(await kysely.selectFrom('vault').select('user_id').where('user_id', '=', erin.userId).executeTakeFirst()).toBeDefined();

    const reset = await b.api('POST', `/v1/admin/users/${erin.userId}/reset-vault`, { token: carol.token, body: { confirmEmail: PEOPLE.erin.email.toUpperCase() } });
    expect(reset.status).toBe(200);
    expect(reset.body.records).toBe(1);
    expect(Date.parse(reset.body.purgeAfter) - Date.now()).toBeGreaterThan((VAULT_ARCHIVE_RETENTION_DAYS - 1) * 86_400_000);
    const archived = await kysely.selectFrom('vault_archive_records').select('envelope').where('archive_id', '=', reset.body.archiveId).execute();
    expect(archived.map((r) => r.envelope)).toEqual([envelopeBefore]);
    expect(await kysely.selectFrom('vault').select('user_id').where('user_id', '=', erin.userId).executeTakeFirst()).toBeUndefined();
    const events = (await b.api('GET', '/v1/admin/events?type=vault.reset', { token: ADMIN_TOKEN })).body.events;
    expect(events[0].details).toMatchObject({ actor: PEOPLE.carol.email, user: PEOPLE.erin.email, archiveId: reset.body.archiveId });

    // Erin starts over on her new device.
    await second.vault.create({ deviceId: second.deviceId, rules: DEFAULT_POLICY.masterPassword });
    expect(second.vault.list()).toEqual([]);
    // Kept until the retention ends, then purged.
    expect(await purgeVaultArchives(kysely, new Date())).toBe(0);
    expect(await purgeVaultArchives(kysely, new Date(Date.now() + (VAULT_ARCHIVE_RETENTION_DAYS + 1) * 86_400_000))).toBe(1);
    expect(await kysely.selectFrom('vault_archive_records').select('id').where('archive_id', '=', reset.body.archiveId).execute()).toEqual([]);
  });

  it('no row and no log line holds a data key, a device key, a user private key or the recovery private key', async () => {
    const aliceKeys = await heldKeys(alice);
    const carolKeys = await heldKeys(carol);
    const status = await createRecoveryAdmin({ ...carol.deps, managedPin: fingerprint, logger: silent }).status();
    const recoveryPrivate = openSealed(status.myGrant!, { publicKey: carolKeys.userPublicKey, privateKeyPkcs8: carolKeys.userPrivateKey }, recoveryPrivateKeyContext(carol.userId, fingerprint));
    const sealed = (await b.backend.store.kysely.selectFrom('vault_recovery').select('wrapped_data_key').where('user_id', '=', alice.userId).executeTakeFirstOrThrow()).wrapped_data_key;
    // The stored recovery copy really is alice's current data key (so the scan looks for the right bytes).
    expect(openSealed(sealed, { publicKey: status.key!.publicKey, privateKeyPkcs8: recoveryPrivate }, dataKeyRecoveryContext(alice.userId, fingerprint)).equals(aliceKeys.dataKey)).toBe(true);
    const secrets = [aliceKeys.dataKey, aliceKeys.deviceKey, aliceKeys.userPrivateKey, carolKeys.dataKey, carolKeys.deviceKey, carolKeys.userPrivateKey, recoveryPrivate]
      .flatMap(encodings)
      .concat([RECORD.password, RECORD.username]);
    for (const backend of [b, setupBackend]) {
      const rows = await allRows(backend, ['recovery_key', 'recovery_key_grants', 'vault_recovery', 'vault_archives', 'vault_archive_records']);
      expect(secrets.filter((s) => rows.includes(s))).toEqual([]);
      const logs = backend.logs.join('');
      expect(secrets.filter((s) => logs.includes(s))).toEqual([]);
    }
  });
});
