import { describe, expect, it } from 'vitest';
import { startDemoOidcIdp } from '../../../main/demo/oidc-idp';
import { AppError } from '../../../main/errors/app-error';
import { resolvePolicy } from '../../../main/policy/enforcement-policy';
import { createApiClient } from '../../../main/api/api-client';
import { createHttpVaultApi } from '../../../main/vault/api/http-vault-api';
import { keychainAccountPrefix } from '../../../main/vault/keychain/keychain';
import { createVaultService, type VaultService } from '../../../main/vault/vault-service';
import { createMemoryKeychainForTests } from '../../support/memory-keychain';
import { authorizeInBrowser } from '../../support/oidc-browser';
import { useBackendsOnBothStores } from '../../support/backends-on-both-stores';
import { ADMIN_TOKEN, type TestBackend } from '../../support/test-backend';

const CLIENT_ID = 'keyhaven-desktop';
const REDIRECT = 'http://127.0.0.1:53682/sso/oidc/callback';
const USER = { email: 'mona@password.test', password: 'mona-idp-pass', name: 'Mona' };
const POLICY = { onboarding: false, requireMasterPassword: true };
const RULES = resolvePolicy(POLICY).masterPassword;
const OLD = 'Old-Master-Password-1';
const NEW = 'New-Master-Password-2';

const yaml = (issuer: string) => `
tenant: Password Test
admin:
  token: ${ADMIN_TOKEN}
nodes:
  - name: Password Test
    defaultRole: Employee
roles:
  - name: Employee
    policy: ${JSON.stringify(POLICY)}
sso:
  - id: pw-oidc
    type: oidc
    node: Password Test
    domains: [password.test]
    jit: true
    issuer: ${issuer}
    clientId: ${CLIENT_ID}
`;

async function device(b: TestBackend, id: string): Promise<{ vault: VaultService; id: string }> {
  const dev = { id, name: `Mona ${id}`, platform: 'linux' };
  const started = await b.api('POST', '/v1/sso/start', { body: { email: USER.email, redirectUri: REDIRECT, device: dev } });
  const callbackUrl = await authorizeInBrowser(started.body.authorizationUrl, REDIRECT, { login: USER.email, password: USER.password });
  const done = await b.api('POST', '/v1/sso/complete', { body: { transactionId: started.body.transactionId, callbackUrl } });
  expect(done.status).toBe(200);
  const vault = createVaultService({
    api: createHttpVaultApi({ client: createApiClient({ baseUrl: b.url }), sessionToken: String(done.body.session) }),
    keychain: createMemoryKeychainForTests(),
    accountPrefix: keychainAccountPrefix(b.url, String(done.body.user.id)),
  });
  return { vault, id };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  return 'no error';
}

/** Every stored record row and password copy, as the database holds them. */
async function stored(b: TestBackend) {
  const db = b.backend.store.kysely;
  const records = await db.selectFrom('vault_records').select(['id', 'envelope', 'revision']).orderBy('id').execute();
  const keys = await db.selectFrom('vault_keys').select(['device_id', 'password_wrapped_data_key', 'wrapped_data_key']).orderBy('device_id').execute();
  return { records, keys };
}

async function changesOnlyTheWrapping(b: TestBackend): Promise<void> {
  const a = await device(b, 'device-mona-a');
  await a.vault.create({ deviceId: a.id, masterPassword: OLD, rules: RULES, requireMasterPassword: true });
  for (const title of ['Bank', 'Mail', 'Wiki']) {
    await a.vault.save({ type: 'login', title, username: `mona-${title}`, password: `pw-${title}-9`, urls: [], notes: '', folder: null, totp: null, fields: [], favorite: false });
  }
  const other = await device(b, 'device-mona-b');
  await other.vault.unlockWithPassword(OLD, { deviceId: other.id });
  const before = await stored(b);
  expect(before.records).toHaveLength(3);
  expect(before.keys).toHaveLength(2);

  expect(await codeOf(a.vault.changeMasterPassword({ current: 'Not-The-Password-3', next: NEW, rules: RULES }))).toBe('wrong_master_password');
  expect(await codeOf(a.vault.changeMasterPassword({ current: OLD, next: 'short', rules: RULES }))).toBe('weak_master_password');
  expect(await stored(b)).toEqual(before);

  await a.vault.changeMasterPassword({ current: OLD, next: NEW, rules: RULES });
  const after = await stored(b);
  // Record ciphertexts and revisions byte for byte as they were; only the password copy changed, on every device row.
  expect(after.records).toEqual(before.records);
  expect(after.keys.map((k) => k.wrapped_data_key)).toEqual(before.keys.map((k) => k.wrapped_data_key));
  for (const [i, k] of after.keys.entries()) expect(k.password_wrapped_data_key).not.toBe(before.keys[i]?.password_wrapped_data_key);
  expect(new Set(after.keys.map((k) => k.password_wrapped_data_key)).size).toBe(1);

  const third = await device(b, 'device-mona-c');
  expect(await codeOf(third.vault.unlockWithPassword(OLD, { deviceId: third.id }))).toBe('wrong_master_password');
  await third.vault.unlockWithPassword(NEW, { deviceId: third.id });
  expect(third.vault.list().map((r) => r.title).sort()).toEqual(['Bank', 'Mail', 'Wiki']);

  // Two devices changing from the same state at once: one wins, the other changes nothing.
  const outcomes = await Promise.all([
    codeOf(a.vault.changeMasterPassword({ current: NEW, next: 'Third-Master-Password-3', rules: RULES })),
    codeOf(other.vault.changeMasterPassword({ current: NEW, next: 'Fourth-Master-Password-4', rules: RULES })),
  ]);
  expect(outcomes.sort()).toEqual(['no error', 'stale_revision']);
  const fourth = await device(b, 'device-mona-d');
  const opened = await codeOf(fourth.vault.unlockWithPassword('Third-Master-Password-3', { deviceId: fourth.id }));
  const openedOther = await codeOf(fourth.vault.unlockWithPassword('Fourth-Master-Password-4', { deviceId: fourth.id }));
  expect([opened, openedOther].filter((c) => c === 'no error')).toHaveLength(1);
  expect((await stored(b)).records).toEqual(before.records);
}

describe('changing the master password', () => {
  const stores = useBackendsOnBothStores({ startIdp: () => startDemoOidcIdp({ users: [USER], clientId: CLIENT_ID }), yaml });

  it('SQLite: re-wraps the data key only; record ciphertexts stay byte-identical, the old password stops working', async () => {
    await stores.withBackends('sqlite', 1, ([b]) => changesOnlyTheWrapping(b));
  }, 180_000);

  it('PostgreSQL: the same, and two changes at once leave exactly one', async () => {
    await stores.withBackends('postgres', 1, ([b]) => changesOnlyTheWrapping(b));
  }, 180_000);
});
