import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ManagedConfigResult } from '../../../main/platform/managed-config';
import { DEMO_TENANT, startDemoEnvironment, type DemoEnvironment } from '../../../main/demo/demo-environment';
import { freeLoopbackPort } from '../../../main/demo/free-port';
import { startWebHost } from '../../../main/host/web-host';
import { createLogger } from '../../../main/log/logger';
import { createKeytarKeychain } from '../../../main/vault/keychain/keytar-keychain';
import { scimUsersOf, type Keyhaven } from './keyhaven';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

// Per Playwright worker, a range apart from test/e2e/support/keyhaven.ts's.
let acsPortBase = 48400 + 2000 * Number(process.env.TEST_PARALLEL_INDEX ?? 0);

/**
 * The demo IdPs and tenant on their own, outliving any one web host: a restarted host (same
 * data folder, so the same device, settings and backend database) meets the same IdP, which
 * still holds the browser's session — as a real company IdP would.
 */
export async function startStandaloneIdps(): Promise<DemoEnvironment> {
  acsPortBase += 3;
  return startDemoEnvironment({ spec: DEMO_TENANT, backendPort: await freeLoopbackPort(), samlAcsPorts: [acsPortBase, acsPortBase + 1, acsPortBase + 2] });
}

export interface HostAgainstIdpsOptions {
  readonly dataDir?: string;
  /** Start as at login (`--hidden`). */
  readonly hidden?: boolean;
  readonly hiddenStartTimeoutMs?: number;
  /** The "system browser"; by default nothing opens (the test plays it with signInThroughIdp). */
  readonly openExternal?: (url: string) => Promise<void>;
  /** The machine's managed configuration (managed.json), already read. */
  readonly managed?: ManagedConfigResult;
}

/** A web host whose embedded backend runs the standalone IdPs' tenant, in `dataDir`. */
export async function startHostAgainstIdps(env: DemoEnvironment, options: HostAgainstIdpsOptions = {}): Promise<Keyhaven> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'keyhaven-e2e-'));
  const keychain = createKeytarKeychain();
  const host = await startWebHost({
    userDataDir: dataDir,
    keychain,
    // The backend listens where it can, but keeps the tenant's public URL: the SAML IdP knows the
    // service provider by the entity ID built from it (the IdP posts to the app's loopback ACS).
    backend: { kind: 'embedded', config: env.config },
    distDir: path.join(root, 'dist'),
    logger: createLogger({ level: process.env.KEYHAVEN_LOG_LEVEL ?? 'warn' }),
    samlAcsPorts: env.config.saml.loopbackAcsPorts,
    ...(options.hidden ? { hidden: true } : {}),
    ...(options.hiddenStartTimeoutMs ? { hiddenStartTimeoutMs: options.hiddenStartTimeoutMs } : {}),
    ...(options.openExternal ? { openExternal: options.openExternal } : {}),
    ...(options.managed ? { managed: options.managed } : {}),
  });
  const backendUrl = host.runtime.backendUrl;
  const self: Keyhaven = {
    host,
    dataDir,
    adminToken: env.adminToken,
    backendUrl,
    keychain,
    scimUsers: () => scimUsersOf(backendUrl, env.adminToken),
    async restart() {
      await host.close();
      return startHostAgainstIdps(env, { ...options, dataDir });
    },
    close: () => host.close(),
  };
  return self;
}
