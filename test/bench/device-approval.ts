import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { startPushClient, type PushClient } from '../../main/devices/push-client';
import { createLogger } from '../../main/log/logger';
import { DEFAULT_POLICY } from '../../main/policy/enforcement-policy';
import { createApiClient } from '../../main/api/api-client';
import { createHttpVaultApi } from '../../main/vault/api/http-vault-api';
import { generateDeviceKeyPair, unwrapApprovedDataKey } from '../../main/vault/crypto/device-approval';
import { keychainAccountPrefix } from '../../main/vault/keychain/keychain';
import { createMemoryKeychainForTests } from '../support/memory-keychain';
import { createVaultService } from '../../main/vault/vault-service';
import { devicesTenantYaml, signIn, startIdp, USERS, type SignedInDevice } from '../integration/devices/device-fixture';
import { startTestBackend, type TestBackend } from '../support/test-backend';
import { median, round, type VaultBenchFigure } from './vault-bench-figure';

const RUNS = 3;
const RECORDS = 200;
const silent = createLogger({ level: 'silent' });

function vaultFor(b: TestBackend, d: SignedInDevice) {
  return createVaultService({
    api: createHttpVaultApi({ client: createApiClient({ baseUrl: b.url }), sessionToken: d.token }),
    keychain: createMemoryKeychainForTests(),
    accountPrefix: keychainAccountPrefix(b.url, d.userId),
  });
}

/** Resolves on the first push event of `type` for this session. */
function nextPush(b: TestBackend, token: string, type: string): { event: Promise<Readonly<Record<string, string>>>; client: PushClient; connected: Promise<void> } {
  let resolveEvent!: (p: Readonly<Record<string, string>>) => void;
  let resolveConnected!: () => void;
  const event = new Promise<Readonly<Record<string, string>>>((r) => (resolveEvent = r));
  const connected = new Promise<void>((r) => (resolveConnected = r));
  const client = startPushClient({
    client: createApiClient({ baseUrl: b.url }),
    token,
    logger: silent,
    onEvent: (e) => {
      if (e.type === type) resolveEvent(e.payload);
    },
    onConnected: () => resolveConnected(),
    onSignedOut: () => undefined,
  });
  return { event, client, connected };
}

/**
 * device-approval: from the new device's request to its vault being open — the trusted device
 * learns of it over the push channel, wraps the data key and posts it; the new device learns of
 * the answer over its own push channel, unwraps, opens the vault and enrols — against one
 * keychain unlock of the same vault (GET, unwrap, decrypt) in the same run.
 */
export async function benchDeviceApproval(): Promise<VaultBenchFigure> {
  const idp = await startIdp();
  const b = await startTestBackend({ yaml: devicesTenantYaml(idp.issuer) });
  try {
    const a = await signIn(b, USERS[0], randomUUID());
    const vaultA = vaultFor(b, a);
    await vaultA.create({ deviceId: a.deviceId, rules: DEFAULT_POLICY.masterPassword });
    await vaultA.saveMany(
      Array.from({ length: RECORDS }, (_, i) => ({ type: 'login' as const, title: `Site ${i}`, username: `user${i}`, password: `pw-${i}-${randomUUID()}`, urls: [], notes: '', folder: null, totp: null, fields: [], favorite: false })),
    );
    const approver = nextPush(b, a.token, 'never');
    await approver.connected;
    approver.client.stop();

    const flowMs: number[] = [];
    const unlockMs: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const newDevice = await signIn(b, USERS[0], randomUUID());
      const vaultB = vaultFor(b, newDevice);
      const pair = generateDeviceKeyPair();
      const atA = nextPush(b, a.token, 'approval.requested');
      const atB = nextPush(b, newDevice.token, 'approval.decided');
      await Promise.all([atA.connected, atB.connected]);

      const start = performance.now();
      const made = await b.api('POST', '/v1/devices/approval-requests', { token: newDevice.token, body: { publicKey: pair.publicKey } });
      const requestId = String((await atA.event).requestId);
      const pending = (await b.api('GET', '/v1/devices/approval-requests', { token: a.token })).body.requests as { id: string; publicKey: string; deviceId: string }[];
      const request = pending.find((r) => r.id === requestId)!;
      const approval = vaultA.approveDevice(request.publicKey, { requestId, userId: a.userId, deviceId: request.deviceId });
      await b.api('POST', `/v1/devices/approval-requests/${requestId}/approve`, { token: a.token, body: { approval } });
      await atB.event;
      const outcome = await b.api('GET', `/v1/devices/approval-requests/${made.body.id}`, { token: newDevice.token });
      const dataKey = unwrapApprovedDataKey(outcome.body.approval, pair, { requestId, userId: newDevice.userId, deviceId: newDevice.deviceId });
      const opened = await vaultB.unlockWithApprovedKey(dataKey, { deviceId: newDevice.deviceId });
      flowMs.push(performance.now() - start);
      if (opened.recordCount !== RECORDS || !opened.deviceEnrolled) throw new Error('bench: the approved device did not open the whole vault');
      atA.client.stop();
      atB.client.stop();

      vaultB.lock();
      const unlockStart = performance.now();
      await vaultB.unlock({ deviceId: newDevice.deviceId });
      unlockMs.push(performance.now() - unlockStart);
    }
    return {
      name: 'device-approval',
      figure: round(median(flowMs), 1),
      unit: 'ms',
      baseline: round(median(unlockMs), 1),
      baselineUnit: `ms one keychain unlock of the same ${RECORDS}-record vault`,
      detail: { runs: RUNS },
    };
  } finally {
    await b.close();
    await idp.close();
  }
}
