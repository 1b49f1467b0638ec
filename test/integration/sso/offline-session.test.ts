import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionView } from '../../../preload/contract';
import type { DemoOidcIdp } from '../../../main/demo/oidc-idp';
import { createLogger } from '../../../main/log/logger';
import { createApiClient } from '../../../main/api/api-client';
import type { SignInAnswer } from '../../../main/api/endpoints/sso';
import { createSessionManager, type SessionManager } from '../../../main/sso/session-manager';
import { createMemoryKeychainForTests } from '../../support/memory-keychain';
import { signInOidc } from '../../support/oidc-session';
import { CLIENT_ID, DEMO_USERS, startIdp } from '../../support/oidc-tenant';
import { startTestBackend, type TestBackend } from '../../support/test-backend';
import { tenantYaml } from '../../support/tenant-yaml';

/**
 * The session manager with the offline copy, against a real backend: the network between them is
 * cut at the fetch layer (every request then fails as a refused connection does).
 */
const alice = { email: DEMO_USERS[0].email, password: DEMO_USERS[0].password };
const bob = { email: DEMO_USERS[1].email, password: DEMO_USERS[1].password };
const device = { id: 'device-offline-1', name: 'Test laptop', platform: 'linux' };
const DAY = 24 * 60 * 60 * 1000;

function offlineTenantYaml(issuer: string): string {
  return tenantYaml({
    defaultRole: 'Travelling',
    children: [{ name: 'Office', defaultRole: 'Desk' }],
    roles: `  - name: Travelling
    policy:
      offlineAccess: true
      offlineAccessDays: 3
  - name: Desk`,
    rest: `sso:
  - id: acme-oidc
    type: oidc
    node: Acme Corp
    domains: [acme.test]
    issuer: ${issuer}
    clientId: ${CLIENT_ID}
  - id: office-oidc
    type: oidc
    node: Office
    domains: [sales.acme.test]
    issuer: ${issuer}
    clientId: ${CLIENT_ID}
`,
  });
}

async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 400; i += 1) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('condition not reached');
}

describe('session manager offline', () => {
  let idp: DemoOidcIdp;
  let b: TestBackend;
  const net = { up: true };
  const clock = { offset: 0 };
  const managers: SessionManager[] = [];
  const cut: typeof fetch = (input, init) => (net.up ? fetch(input, init) : Promise.reject(new TypeError('fetch failed')));

  beforeAll(async () => {
    idp = await startIdp();
    b = await startTestBackend({ yaml: offlineTenantYaml(idp.issuer) });
  });
  afterAll(async () => {
    for (const m of managers) m.close();
    await b?.close();
    await idp?.close();
  });

  // One OS account: every install below shares its keychain (so the vault's device key too).
  const keychain = createMemoryKeychainForTests();

  /** One install of the app: its data folder; `launch` is one start of it. */
  function install() {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'keyhaven-offline-session-'));
    const views: SessionView[] = [];
    const launch = (): SessionManager => {
      const m = createSessionManager({
        backend: createApiClient({ baseUrl: b.url, fetch: cut }),
        keychain,
        device,
        logger: createLogger({ level: 'silent' }),
        emit: (v) => views.push(v),
        dataDir,
        reconnectMs: 50,
        now: () => Date.now() + clock.offset,
      });
      managers.push(m);
      return m;
    };
    const offlineFiles = () => (existsSync(path.join(dataDir, 'offline')) ? readdirSync(path.join(dataDir, 'offline')) : []);
    return { dataDir, views, launch, offlineFiles };
  }

  async function signedInWithVault(app: ReturnType<typeof install>, user: { readonly email: string; readonly password: string } = alice): Promise<SessionManager> {
    const res = await signInOidc(b, user, { device });
    if (res.status !== 200) throw new Error(`sign-in failed: ${JSON.stringify(res.body)}`);
    const m = app.launch();
    await m.signedIn(res.body as SignInAnswer);
    const { vault, policy, deviceId } = m.active();
    const view = await m.view();
    if (view.kind === 'signed-in' && !view.vaultExists) await vault.create({ deviceId, rules: policy.masterPassword });
    if (!vault.isUnlocked()) await vault.unlock({ deviceId });
    await m.refresh();
    await vault.save({ title: 'Payroll', username: 'alice', password: 'pw-payroll' });
    return m;
  }

  it('opens the copy when the backend cannot be reached, then sends offline changes once it answers again', async () => {
    net.up = true;
    const app = install();
    await signedInWithVault(app);

    const before = app.launch();
    await before.view();
    const titles = before.active().vault.list().map((r) => r.title);
    before.close();

    net.up = false;
    const offline = app.launch();
    const view = await offline.view();
    expect(view).toMatchObject({ kind: 'signed-in', vaultUnlocked: true, offline: { pendingChanges: 0 } });
    const { vault, token } = offline.active();
    expect(vault.list().map((r) => r.title)).toEqual(titles);
    await vault.save({ title: 'Made offline', username: 'a', password: 'pw-offline' });
    expect(await offline.view()).toMatchObject({ offline: { pendingChanges: 1 } });

    // Lock and unlock work offline too (the device key in the keychain).
    await offline.lock('user');
    expect(vault.isUnlocked()).toBe(false);
    await vault.unlock({ deviceId: device.id });
    expect(await offline.refresh()).toMatchObject({ vaultUnlocked: true, offline: { pendingChanges: 1 } });

    net.up = true;
    await until(async () => {
      const v = await offline.view();
      return v.kind === 'signed-in' && v.offline === undefined && (await b.api('GET', '/v1/vault', { token })).body.records.length === titles.length + 1;
    });
    expect(vault.list().map((r) => r.title).sort()).toEqual([...titles, 'Made offline'].sort());
  }, 60_000);

  it('wipes the copy on sign-out and on deactivation; keeps unsent changes of a session that merely expired', async () => {
    net.up = true;
    const first = install();
    const m1 = await signedInWithVault(first);
    expect(first.offlineFiles()).toHaveLength(1);
    await m1.signOut();
    expect(first.offlineFiles()).toEqual([]);
    expect([...keychain.entries.keys()].filter((k) => k.endsWith('|offline-key'))).toEqual([]);

    const second = install();
    const m2 = await signedInWithVault(second);
    await m2.endedByServer('user_deactivated');
    expect(second.offlineFiles()).toEqual([]);

    const third = install();
    const m3 = await signedInWithVault(third);
    net.up = false;
    await m3.active().vault.save({ title: 'Unsent', username: 'u', password: 'pw-unsent' });
    await m3.endedByServer('session_expired');
    expect(third.offlineFiles()).toHaveLength(1);

    const fourth = install();
    net.up = true;
    const m4 = await signedInWithVault(fourth);
    await m4.endedByServer('device_removed');
    expect(fourth.offlineFiles()).toEqual([]);
  }, 60_000);

  it('stops opening the copy once the offline window has run out, and wipes it', async () => {
    net.up = true;
    const app = install();
    await signedInWithVault(app);
    net.up = false;
    clock.offset = 3 * DAY + 1000;
    try {
      await expect(app.launch().view()).rejects.toMatchObject({ code: 'offline_expired' });
      expect(app.offlineFiles()).toEqual([]);
    } finally {
      clock.offset = 0;
    }
  }, 60_000);

  it('while running offline, the window running out locks the vault and wipes the copy', async () => {
    net.up = true;
    const app = install();
    await signedInWithVault(app);
    net.up = false;
    const m = app.launch();
    expect(await m.view()).toMatchObject({ vaultUnlocked: true, offline: {} });
    const { vault } = m.active();
    clock.offset = 3 * DAY + 1000;
    try {
      await until(() => app.views.some((v) => v.kind === 'signed-out' && v.reason?.code === 'offline_expired'));
      expect(vault.isUnlocked()).toBe(false);
      expect(app.offlineFiles()).toEqual([]);
    } finally {
      clock.offset = 0;
    }
  }, 60_000);

  it('a role without offline access keeps no copy and says the server cannot be reached', async () => {
    net.up = true;
    const app = install();
    await signedInWithVault(app, bob);
    expect(app.offlineFiles()).toEqual([]);
    net.up = false;
    await expect(app.launch().view()).rejects.toMatchObject({ code: 'backend_unreachable', publicMessage: expect.stringContaining('does not keep an offline copy') });
  }, 60_000);
});
