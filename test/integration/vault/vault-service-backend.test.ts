import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoOidcIdp } from '../../../main/demo/oidc-idp';
import { startDemoOidcIdp } from '../../../main/demo/oidc-idp';
import { AppError } from '../../../main/errors/app-error';
import { resolvePolicy } from '../../../main/policy/enforcement-policy';
import { createApiClient } from '../../../main/api/api-client';
import { createHttpVaultApi } from '../../../main/vault/api/http-vault-api';
import { keychainAccount, keychainAccountPrefix, type Keychain } from '../../../main/vault/keychain/keychain';
import { createKeytarKeychain } from '../../../main/vault/keychain/keytar-keychain';
import { createMemoryKeychainForTests } from '../../support/memory-keychain';
import type { VaultRecord } from '../../../main/vault/record';
import { createVaultService, type VaultService } from '../../../main/vault/vault-service';
import { authorizeInBrowser } from '../../support/oidc-browser';
import { ADMIN_TOKEN, startTestBackend, type TestBackend } from '../../support/test-backend';
import { startPrivateKeyring, type PrivateKeyring } from './private-keyring';

const CLIENT_ID = 'keyhaven-desktop';
const REDIRECT = 'http://127.0.0.1:53682/sso/oidc/callback';
const USER = { email: 'erin@vault.test', password: 'erin-idp-pass', name: 'Erin' };
const POLICY = { onboarding: false, requireMasterPassword: true, masterPassword: { minLength: 14, upper: 1, lower: 1, digits: 1, symbols: 1 } };
const MASTER = 'Correct-Horse-7-Battery';

/** What the vault's owner types; none of it may reach the server in clear. */
const GITHUB = { title: 'GitHub work Kx2', username: 'erin-gh-Kx2', password: 'Pw-GitHub#4tR9!', urls: ['https://github.com/login'], notes: 'Personal token in notes Quokka' };
const MAIL = { title: 'Webmail Jq5', username: 'erin.mail-Jq5', password: 'Pw-Mail$8wE1?', urls: [], notes: 'Shared mailbox Wombat' };
const EDITS = { fromA: 'Pw-Edit-by-A%6', fromB: 'Pw-Edit-by-B&3', otherFromB: 'Notes changed by B Platypus', lastA: 'Pw-Last-A*9', lastB: 'Pw-Last-B^2' };

function tenantYaml(issuer: string): string {
  return `
tenant: Vault Test
admin:
  token: ${ADMIN_TOKEN}
nodes:
  - name: Vault Test
    defaultRole: Employee
roles:
  - name: Employee
    policy: ${JSON.stringify(POLICY)}
sso:
  - id: vault-oidc
    type: oidc
    node: Vault Test
    domains: [vault.test]
    jit: true
    issuer: ${issuer}
    clientId: ${CLIENT_ID}
`;
}

interface Device {
  readonly id: string;
  readonly token: string;
  readonly userId: string;
  readonly statuses: number[];
  service(keychain: Keychain): VaultService;
}

async function signIn(b: TestBackend, deviceId: string): Promise<Device> {
  const device = { id: deviceId, name: `Erin ${deviceId}`, platform: 'linux' };
  const started = await b.api('POST', '/v1/sso/start', { body: { email: USER.email, redirectUri: REDIRECT, device } });
  expect(started.status).toBe(200);
  const callbackUrl = await authorizeInBrowser(started.body.authorizationUrl, REDIRECT, { login: USER.email, password: USER.password });
  const done = await b.api('POST', '/v1/sso/complete', { body: { transactionId: started.body.transactionId, callbackUrl } });
  expect(done.status).toBe(200);
  expect(done.body.deviceId).toBe(deviceId);
  const statuses: number[] = [];
  const recordingFetch: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    if (init?.method === 'PUT') statuses.push(res.status);
    return res;
  };
  const token = String(done.body.session);
  const userId = String(done.body.user.id);
  return {
    id: deviceId,
    token,
    userId,
    statuses,
    service: (keychain) =>
      createVaultService({
        api: createHttpVaultApi({ client: createApiClient({ baseUrl: b.url, fetch: recordingFetch }), sessionToken: token }),
        keychain,
        accountPrefix: keychainAccountPrefix(b.url, userId),
      }),
  };
}

function byTitle(records: readonly VaultRecord[], title: string): VaultRecord {
  const found = records.find((r) => r.title === title);
  if (!found) throw new Error(`no record titled ${title}`);
  return found;
}

async function errorCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('the vault service against the real backend', () => {
  let idp: DemoOidcIdp;
  let b: TestBackend;
  let dir: string;
  let keyring: PrivateKeyring | null = null;
  // Device A: this computer's real OS keychain (gnome-keyring). Device B: another computer.
  let keychainA: Keychain;
  const keychainB = createMemoryKeychainForTests();
  let a: Device;
  let bDevice: Device;
  let vaultA: VaultService;
  let vaultB: VaultService;

  beforeAll(async () => {
    if (!(process.env.KEYHAVEN_TEST_KEYRING === '1' && process.env.DBUS_SESSION_BUS_ADDRESS)) {
      keyring = await startPrivateKeyring();
      process.env.DBUS_SESSION_BUS_ADDRESS = keyring.busAddress;
    }
    keychainA = createKeytarKeychain({ service: 'Keyhaven-vault-backend-test' });
    idp = await startDemoOidcIdp({ users: [USER], clientId: CLIENT_ID });
    dir = mkdtempSync(path.join(tmpdir(), 'keyhaven-vault-backend-'));
    b = await startTestBackend({ yaml: tenantYaml(idp.issuer), db: path.join(dir, 'backend.sqlite') });
    a = await signIn(b, 'device-erin-a');
    bDevice = await signIn(b, 'device-erin-b');
  });
  afterAll(async () => {
    if (a) await keychainA?.delete(keychainAccount(keychainAccountPrefix(b.url, a.userId), 'device-key')).catch(() => undefined);
    await b?.close();
    await idp?.close();
    await keyring?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('creates the vault on device A (device key in the real keychain) and saves records', async () => {
    vaultA = a.service(keychainA);
    const rules = resolvePolicy(POLICY).masterPassword;
    // The role's rules are checked before anything is sent.
    expect(await errorCode(vaultA.create({ deviceId: a.id, masterPassword: 'short', rules, requireMasterPassword: true }))).toBe('weak_master_password');
    expect(await errorCode(vaultA.create({ deviceId: a.id, rules, requireMasterPassword: true }))).toBe('weak_master_password');
    expect((await b.api('GET', '/v1/vault', { token: a.token })).body.exists).toBe(false);

    await vaultA.create({ deviceId: a.id, masterPassword: MASTER, rules, requireMasterPassword: true });
    expect(await errorCode(vaultA.create({ deviceId: a.id, masterPassword: MASTER, rules }))).toBe('vault_exists');
    await vaultA.save({ type: 'login', ...GITHUB, folder: null, totp: null, fields: [], favorite: false });
    await vaultA.save({ type: 'login', ...MAIL, folder: null, totp: null, fields: [], favorite: false });

    // A fresh start of device A opens the vault with the keychain's device key alone.
    const again = a.service(keychainA);
    const unlocked = await again.unlock({ deviceId: a.id });
    expect(unlocked).toEqual({ recordCount: 2, damaged: [] });
    expect(again.list().map((r) => r.title).sort()).toEqual([GITHUB.title, MAIL.title].sort());
    expect(byTitle(again.list(), GITHUB.title)).toMatchObject(GITHUB);
    vaultA = again;
  });

  it('opens on a second device only with the right master password, then enrols it', async () => {
    vaultB = bDevice.service(keychainB);
    expect(await errorCode(vaultB.unlock({ deviceId: bDevice.id }))).toBe('device_not_enrolled');
    expect(await errorCode(vaultB.unlockWithPassword('Wrong-Horse-7-Battery', { deviceId: bDevice.id }))).toBe('wrong_master_password');
    expect(vaultB.isUnlocked()).toBe(false);

    const result = await vaultB.unlockWithPassword(MASTER, { deviceId: bDevice.id });
    expect(result).toMatchObject({ recordCount: 2, damaged: [], deviceEnrolled: true, enrollmentProblem: null });
    expect(byTitle(vaultB.list(), MAIL.title)).toMatchObject(MAIL);

    // Enrolled: B's next start needs no password; A's own key still works.
    const bAgain = bDevice.service(keychainB);
    expect(await bAgain.unlock({ deviceId: bDevice.id })).toEqual({ recordCount: 2, damaged: [] });
    vaultB = bAgain;
    expect(await a.service(keychainA).unlock({ deviceId: a.id })).toEqual({ recordCount: 2, damaged: [] });
  });

  it('refuses a stale write, merges, and keeps the last writer per record', async () => {
    // Both devices now hold the same revision. A changes GitHub; B, not knowing, changes Mail.
    const gh = byTitle(vaultA.list(), GITHUB.title);
    const mail = byTitle(vaultB.list(), MAIL.title);
    await vaultA.save({ ...gh, password: EDITS.fromA });
    const before = bDevice.statuses.length;
    await vaultB.save({ ...mail, notes: EDITS.otherFromB });
    // Revisions are per record: a change to a record nobody else changed is not stale.
    expect(bDevice.statuses.slice(before)).toEqual([200]);
    expect(byTitle(vaultB.list(), GITHUB.title).password).toBe(GITHUB.password);
    expect(await vaultB.sync()).toBeGreaterThanOrEqual(1);
    expect(byTitle(vaultB.list(), GITHUB.title).password).toBe(EDITS.fromA);

    // Both change the same record: B writes last (from a stale base), so B's version wins.
    await vaultA.save({ ...byTitle(vaultA.list(), GITHUB.title), password: EDITS.lastA });
    const beforeSame = bDevice.statuses.length;
    await vaultB.save({ ...byTitle(vaultB.list(), GITHUB.title), password: EDITS.lastB });
    // B's first PUT was refused as stale (409); B merged the server's rows and retried (200).
    expect(bDevice.statuses.slice(beforeSame)).toEqual([409, 200]);
    expect(byTitle(vaultB.list(), GITHUB.title).password).toBe(EDITS.lastB);

    await vaultA.sync();
    expect(byTitle(vaultA.list(), GITHUB.title).password).toBe(EDITS.lastB);
    expect(byTitle(vaultA.list(), MAIL.title).notes).toBe(EDITS.otherFromB);
    const fresh = a.service(keychainA);
    await fresh.unlock({ deviceId: a.id });
    expect(fresh.list().map((r) => ({ title: r.title, password: r.password, notes: r.notes })).sort((x, y) => x.title.localeCompare(y.title))).toEqual(
      [
        { title: GITHUB.title, password: EDITS.lastB, notes: GITHUB.notes },
        { title: MAIL.title, password: MAIL.password, notes: EDITS.otherFromB },
      ].sort((x, y) => x.title.localeCompare(y.title)),
    );

    // The backend itself refuses a stale base revision and applies nothing.
    const rows = (await b.api('GET', '/v1/vault', { token: a.token })).body as { revision: number; records: { id: string; revision: number; envelope: string }[] };
    const row = rows.records[0]!;
    const stale = await b.api('PUT', '/v1/vault/records', { token: a.token, body: { changes: [{ id: row.id, envelope: row.envelope, baseRevision: row.revision - 1 }] } });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toBe('stale_revision');
    expect((await b.api('GET', '/v1/vault', { token: a.token })).body.revision).toBe(rows.revision);
  });

  it('leaves only ciphertext in the backend database and logs', () => {
    const secrets = [GITHUB, MAIL].flatMap((r) => [r.title, r.username, r.password, r.notes]).concat(Object.values(EDITS), MASTER);
    const files = readdirSync(dir).map((name) => path.join(dir, name));
    expect(files.some((f) => f.endsWith('backend.sqlite'))).toBe(true);
    const hits: string[] = [];
    for (const file of files) {
      const bytes = readFileSync(file);
      for (const s of secrets) if (bytes.includes(Buffer.from(s, 'utf8')) || bytes.includes(Buffer.from(s, 'utf16le'))) hits.push(`${s} in ${path.basename(file)}`);
    }
    // Whatever the backend logged (at debug level) names no secret either.
    const logText = b.logs.join('');
    for (const s of secrets) if (logText.includes(s)) hits.push(`${s} in the logs`);
    expect(hits).toEqual([]);
    // And the database does hold the vault: envelopes, not nothing.
    const all = files.map((f) => readFileSync(f).toString('latin1')).join('');
    expect(all).toMatch(/kh1\.a256gcm\.[\w-]+\.[\w-]+\.[\w-]+~kh1\.a256gcm\./);
    expect(all).toMatch(/kh1\.pbkdf2-sha256-a256gcm\.\d+\./);
  });
});
