import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { expect, type BrowserContext, type Page } from '@playwright/test';
import { DEMO_TENANT, startDemoEnvironment, type DemoEnvironment, type DemoTenantSpec } from '../../../main/demo/demo-environment';
import { freeLoopbackPort } from '../../../main/demo/free-port';
import { startWebHost, type WebHost } from '../../../main/host/web-host';
import type { ManagedConfigResult } from '../../../main/platform/managed-config';
import type { BackendChoice } from '../../../main/runtime/create-runtime';
import { createLogger, type Logger } from '../../../main/log/logger';
import { createSessionStore } from '../../../main/sso/session-store';
import type { Keychain } from '../../../main/vault/keychain/keychain';
import { createKeytarKeychain } from '../../../main/vault/keychain/keytar-keychain';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The tenant's identity providers, as a test reaches them (an IdP-initiated link, the issuer's cookies). */
export interface TenantIdps {
  readonly oidcIssuer: string | null;
  readonly samlIdp: DemoEnvironment['samlIdp'];
}

export interface Keyhaven {
  readonly host: WebHost;
  readonly dataDir: string;
  readonly adminToken: string;
  readonly backendUrl: string;
  readonly idps: TenantIdps;
  /** The OS keychain (under this installation's service name), where the app keeps its session. */
  readonly keychain: Keychain;
  /** SCIM users (the admin's view) with their node and role. */
  scimUsers(): Promise<{ userName: string; node: string; role: string }[]>;
  /** Stops (unless stopped already) and starts again on the same data folder, with `changes` to its options. */
  restart(changes?: KeyhavenChanges): Promise<Keyhaven>;
  /** Stops the host; again is a no-op. */
  close(): Promise<void>;
}

export interface KeyhavenOptions {
  /** The demo tenant the host starts with its IdPs (DEMO_TENANT by default). */
  readonly spec?: DemoTenantSpec;
  /**
   * IdPs and tenant started outside the host (startStandaloneIdps) that outlive it: a restarted
   * host meets the same IdP, which still holds the browser's session, as a company's IdP would.
   */
  readonly idps?: DemoEnvironment;
  readonly dataDir?: string;
  readonly samlAcsPorts?: readonly number[];
  readonly signInTimeoutMs?: number;
  readonly backend?: BackendChoice;
  readonly logger?: Logger;
  /** The machine's managed configuration (managed.json), already read. */
  readonly managed?: ManagedConfigResult;
  /** Where the logger writes keyhaven.log, for Save diagnostics. */
  readonly logDir?: string;
  /** Start as at login (`--hidden`). */
  readonly hidden?: boolean;
  readonly hiddenStartTimeoutMs?: number;
  /** The "system browser"; by default nothing opens (a test plays it, e.g. with signInThroughIdp). */
  readonly openExternal?: (url: string) => Promise<void>;
}

/** What a restart may change: anything but the data folder (the installation stays the same). */
export type KeyhavenChanges = Omit<KeyhavenOptions, 'dataDir'>;

// Each Playwright worker (a process of its own) takes SAML loopback ACS ports from its own range.
let acsPortBase = 47400 + 2000 * Number(process.env.TEST_PARALLEL_INDEX ?? 0);

/** Three SAML loopback ACS ports of this worker's range, for a web host of the test's own. */
export function nextAcsPorts(): number[] {
  acsPortBase += 3;
  return [acsPortBase, acsPortBase + 1, acsPortBase + 2];
}

/** The demo IdPs and tenant on their own, for `startKeyhaven({ idps })`; the caller closes them. */
export async function startStandaloneIdps(spec: DemoTenantSpec = DEMO_TENANT): Promise<DemoEnvironment> {
  return startDemoEnvironment({ spec, backendPort: await freeLoopbackPort(), samlAcsPorts: nextAcsPorts() });
}

/**
 * Starts the web host on a fresh data folder with a tenant of the test's choosing and real
 * IdPs (oidc-provider and the independent SAML IdP), all on loopback.
 */
export async function startKeyhaven(options: KeyhavenOptions = {}): Promise<Keyhaven> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'keyhaven-e2e-'));
  const idps = options.idps;
  // Standalone IdPs know the app's loopback ACS by the ports they were started with.
  const samlAcsPorts = options.samlAcsPorts ?? idps?.config.saml.loopbackAcsPorts ?? nextAcsPorts();
  const keychain = createKeytarKeychain();
  const host = await startWebHost({
    userDataDir: dataDir,
    // Against standalone IdPs the backend listens where it can but keeps the tenant's public
    // URL: the SAML IdP knows the service provider by the entity ID built from it.
    backend: options.backend ?? (idps ? { kind: 'embedded', config: idps.config } : { kind: 'demo', spec: options.spec ?? DEMO_TENANT }),
    keychain,
    distDir: path.join(root, 'dist'),
    logger: options.logger ?? createLogger({ level: process.env.KEYHAVEN_LOG_LEVEL ?? 'warn' }),
    samlAcsPorts,
    ...(options.signInTimeoutMs ? { signInTimeoutMs: options.signInTimeoutMs } : {}),
    ...(options.managed ? { managed: options.managed } : {}),
    ...(options.logDir ? { logDir: options.logDir } : {}),
    ...(options.hidden ? { hidden: true } : {}),
    ...(options.hiddenStartTimeoutMs ? { hiddenStartTimeoutMs: options.hiddenStartTimeoutMs } : {}),
    ...(options.openExternal ? { openExternal: options.openExternal } : {}),
    // Every answer main gives the page is checked against its channel's result schema.
    checkResults: true,
  });
  // The demo the host started itself, when it did: the one place the tests learn its IdPs and token.
  const demo = idps ?? host.runtime.demo;
  const adminToken = demo?.adminToken ?? '';
  const backendUrl = host.runtime.backendUrl;
  let closed: Promise<void> | null = null;
  const close = () => (closed ??= host.close());
  return {
    host,
    dataDir,
    adminToken,
    backendUrl,
    idps: { oidcIssuer: demo?.oidcIssuer ?? null, samlIdp: demo?.samlIdp ?? null },
    keychain,
    scimUsers: () => scimUsersOf(backendUrl, adminToken),
    async restart(changes = {}) {
      await close();
      return startKeyhaven({ ...options, samlAcsPorts, ...changes, dataDir });
    },
    close,
  };
}

/** SCIM users (the admin's view) with their node and role. */
export async function scimUsersOf(backendUrl: string, adminToken: string): Promise<{ userName: string; node: string; role: string }[]> {
  const res = await fetch(`${backendUrl}/scim/v2/Users`, { headers: { authorization: `Bearer ${adminToken}` } });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { Resources: Record<string, unknown>[] };
  return body.Resources.map((r) => {
    const ext = r['urn:keyhaven:params:scim:schemas:extension:1.0:User'] as { node: string; role: string };
    return { userName: String(r.userName), node: ext.node, role: ext.role };
  });
}

/**
 * The session token the app keeps in the OS keychain for its backend, as any program of the same
 * OS user could read it: to call the backend as the app, or to see that a new sign-in made a new
 * session. Throws when the app keeps none (signed out).
 */
export async function storedSessionToken(keyhaven: Keyhaven): Promise<string> {
  const stored = await createSessionStore(keyhaven.keychain, keyhaven.backendUrl).load();
  if (stored === null) throw new Error('the app keeps no session in the keychain');
  return stored.token;
}

export async function openApp(page: Page, keyhaven: Keyhaven): Promise<void> {
  await page.goto(keyhaven.host.transport.launchUrl);
}

/**
 * Types the email, presses Continue, then plays the system browser: opens the IdP page the app
 * handed to "the system browser" in a second page and signs in there.
 */
export async function signInThroughIdp(page: Page, context: BrowserContext, keyhaven: Keyhaven, email: string, password: string): Promise<Page> {
  const before = keyhaven.host.openedUrls.length;
  await page.getByLabel('Work email or SSO domain').fill(email);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'Waiting for your browser' })).toBeVisible();
  await expect.poll(() => keyhaven.host.openedUrls.length).toBeGreaterThan(before);
  const idpUrl = keyhaven.host.openedUrls[keyhaven.host.openedUrls.length - 1]!;
  const browser = await context.newPage();
  await browser.goto(idpUrl);
  await browser.getByLabel('Email').fill(email);
  await browser.getByLabel('Password').fill(password);
  await browser.getByRole('button', { name: /sign in/i }).click();
  await expect(browser.getByRole('heading', { name: 'You are signed in' })).toBeVisible();
  return browser;
}

/** Opens the app and signs in through the IdP as `email` (signInThroughIdp), closing the IdP's page after. */
export async function openAndSignIn(page: Page, context: BrowserContext, keyhaven: Keyhaven, email: string, password = demoPassword(email)): Promise<void> {
  await openApp(page, keyhaven);
  await (await signInThroughIdp(page, context, keyhaven, email, password)).close();
}

export function demoPassword(email: string): string {
  const user = DEMO_TENANT.users.find((u) => u.email === email);
  if (!user) throw new Error(`no demo user ${email}`);
  return user.password;
}

/**
 * A logger that keeps every line it writes (at `level`, default debug) in `lines`, for tests
 * that inspect what the host logged. Pass it as the `logger` option; `restart()` keeps it.
 */
export function captureLogs(level = 'debug'): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger({ level, destination: destination as never }), lines };
}
