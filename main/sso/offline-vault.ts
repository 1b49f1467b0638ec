import { AppError } from '../errors/app-error';
import type { Logger } from '../log/logger';
import type { EnforcementPolicy } from '../policy/enforcement-policy';
import { loadOrCreateDeviceKeyPair } from '../devices/device-key-pair';
import type { PushSignOutReason } from '../devices/push-client';
import type { ApiClient } from '../api/api-client';
import { createHttpVaultApi } from '../vault/api/http-vault-api';
import type { Keychain } from '../vault/keychain/keychain';
import { keychainAccountPrefix } from '../vault/keychain/keychain';
import { flushQueue } from '../vault/offline/flush-queue';
import { createOfflineReplica, type OfflineReplica } from '../vault/offline/offline-replica';
import { createOfflineStore } from '../vault/offline/offline-store';
import { createReplicatedVaultApi } from '../vault/offline/replicated-vault-api';
import { createVaultService, type VaultService } from '../vault/vault-service';

export interface SessionVaultDeps {
  readonly backendUrl: string;
  readonly keychain: Keychain;
  readonly logger: Logger;
  /** The app's one client of its backend. */
  readonly client: ApiClient;
  /** The app's data folder; without it no offline copy is kept. */
  readonly dataDir?: string;
  readonly now: () => number;
}

export interface SessionVault {
  readonly vault: VaultService;
  /** The offline copy of this backend + user (null where the host keeps none). */
  readonly replica: OfflineReplica | null;
}

/**
 * The vault of one session: the backend's API, with the offline copy beside it when the host
 * has a data folder (it is only written while the role allows offline access).
 */
export function createSessionVault(
  deps: SessionVaultDeps,
  session: { readonly token: string; readonly userId: string },
  hooks: { readonly onReachability: (reachable: boolean) => void; readonly onQueued: () => void },
  /** The copy already read at start (offline), else a new one for this user. */
  loaded?: OfflineReplica,
): SessionVault {
  const prefix = keychainAccountPrefix(deps.backendUrl, session.userId);
  const remote = createHttpVaultApi({ client: deps.client, sessionToken: session.token });
  const replica = loaded ?? offlineReplicaFor(deps, session.userId);
  const api = replica === null ? remote : createReplicatedVaultApi(remote, replica, hooks);
  const vault = createVaultService({
    api,
    keychain: deps.keychain,
    accountPrefix: prefix,
    logger: deps.logger,
    devicePair: (deviceId) => loadOrCreateDeviceKeyPair(deps.keychain, prefix, deviceId),
    ...(replica === null ? {} : { flushQueued: (s) => flushQueue(remote, s, replica, deps.logger) }),
  });
  return { vault, replica };
}

export function offlineReplicaFor(deps: SessionVaultDeps, userId: string): OfflineReplica | null {
  if (deps.dataDir === undefined) return null;
  const store = createOfflineStore({
    dataDir: deps.dataDir,
    keychain: deps.keychain,
    accountPrefix: keychainAccountPrefix(deps.backendUrl, userId),
    onProblem: (error) => deps.logger.warn({ code: error.code }, 'the offline copy could not be opened and was wiped'),
  });
  return createOfflineReplica({ store, now: () => new Date(deps.now()) });
}

/** Keeps the copy in step with the role: written while offline access is allowed, wiped otherwise. */
export async function followOfflinePolicy(replica: OfflineReplica | null, account: { readonly policy: EnforcementPolicy }, logger: Logger): Promise<void> {
  if (replica === null) return;
  try {
    if (account.policy.offlineAccess) await replica.allow(account, account.policy.offlineAccessDays);
    else await replica.forbid();
  } catch (err) {
    logger.warn({ code: err instanceof AppError ? err.code : 'internal' }, 'the offline copy was not updated');
  }
}

/** The session ended at the server: the copy goes, except changes not sent yet of a session that merely expired. */
export async function forgetOfflineCopy(replica: OfflineReplica | null, reason: PushSignOutReason): Promise<void> {
  if (!replica) return;
  const state = await replica.load().catch(() => null);
  if (reason === 'session_expired' && state !== null && state.queue.length > 0) return;
  await replica.wipe();
}

/**
 * The backend cannot be reached at start: this user's offline copy and the account it
 * remembers, where the role kept one and it has not expired; otherwise the copy is wiped and
 * the error says why the vault cannot open.
 */
export async function openOfflineCopy<T extends { readonly policy: EnforcementPolicy; readonly deviceId: string | null }>(
  deps: SessionVaultDeps,
  userId: string,
): Promise<{ readonly replica: OfflineReplica; readonly account: T }> {
  const replica = offlineReplicaFor(deps, userId);
  const state = replica === null ? null : await replica.load();
  const account = state === null ? null : storedAccount<T>(state.account);
  if (replica === null || state === null || state.vault === null || account === null) {
    await replica?.wipe();
    throw unreachableWithoutCopy(deps.backendUrl);
  }
  if (replica.expired()) {
    const expiredAt = replica.expiresAt() ?? new Date(deps.now());
    await replica.wipe();
    throw offlineCopyExpired(expiredAt);
  }
  replica.resume();
  return { replica, account };
}

/** What the stored copy remembers of `/v1/me`, checked before it is trusted to open offline. */
function storedAccount<T extends { readonly policy: EnforcementPolicy; readonly deviceId: string | null }>(account: unknown): T | null {
  if (typeof account !== 'object' || account === null) return null;
  const a = account as Partial<T>;
  if (typeof a.deviceId !== 'string' || typeof a.policy !== 'object' || a.policy === null || a.policy.offlineAccess !== true) return null;
  return account as T;
}

function unreachableWithoutCopy(backendUrl: string): AppError {
  return new AppError(
    'backend_unreachable',
    `Keyhaven cannot reach its server at ${backendUrl}. Your role does not keep an offline copy of the vault on this device, so it opens once the server can be reached again.`,
  );
}

export function offlineCopyExpired(expiredAt: Date): AppError {
  return new AppError(
    'offline_expired',
    `The offline copy of your vault expired on ${expiredAt.toISOString().slice(0, 10)} and was removed from this device, with any changes not yet sent. Connect to your organisation's network to open the vault.`,
  );
}
