import { AppError } from '../errors/app-error';
import type { Logger } from '../log/logger';
import type { EnforcementPolicy } from '../policy/enforcement-policy';
import type { ContractError, SessionView, SignedInUser } from '../../preload/contract';
import type { PushSignOutReason } from '../devices/push-client';
import { serverSignOutReason } from '../devices/server-sign-out';
import type { Keychain } from '../vault/keychain/keychain';
import type { OfflineReplica } from '../vault/offline/offline-replica';
import { isUnreachable } from '../vault/offline/replicated-vault-api';
import type { VaultService } from '../vault/vault-service';
import { API } from '../api/api';
import type { ApiClient } from '../api/api-client';
import type { MeAnswer } from '../api/endpoints/session';
import type { DeviceInfo, SignInAnswer } from '../api/endpoints/sso';
import { createRememberedDevice } from './remembered-device';
import { createSessionStore, type SessionStore, type StoredSession } from './session-store';
import { idleCheckEveryMs, needsPerson, onboardingDone, sessionViewOf, SIGNED_OUT, type ActiveSession } from './active-session';
import { createSessionVault, followOfflinePolicy, forgetOfflineCopy, offlineCopyExpired, offlineReplicaFor, openOfflineCopy, type SessionVaultDeps } from './offline-vault';
import { createSessionConnection } from './session-connection';

export interface SessionManagerDeps {
  readonly backend: ApiClient;
  readonly keychain: Keychain;
  readonly device: DeviceInfo;
  readonly logger: Logger;
  readonly emit: (view: SessionView) => void;
  readonly now?: () => number;
  /** Told whenever the signed-in session changes (the push channel follows it). */
  readonly onSessionChange?: (session: { readonly token: string; readonly userId: string } | null) => void;
  /** Told when the vault opened from the keychain by itself (account recovery enrols then). */
  readonly onVaultUnlocked?: () => void;
  /** The app's data folder: where the role allows offline access, the offline copy lives there. */
  readonly dataDir?: string;
  /** While offline, how often the backend is tried again (default 5 s). */
  readonly reconnectMs?: number;
}

export interface SessionManager {
  signedIn(answer: SignInAnswer): Promise<SessionView>;
  view(): Promise<SessionView>;
  /** The signed-in session's token and vault; throws session_expired when signed out. */
  /** deviceId: this device as the backend knows it for this user (the vault's keys are filed under it). */
  active(): { token: string; vault: VaultService; policy: EnforcementPolicy; user: SignedInUser; deviceId: string };
  refresh(): Promise<SessionView>;
  /** Keeps the backend's remember-this-device secret for the signed-in user (OS keychain). */
  rememberDevice(secret: string): Promise<void>;
  /** Locks the vault and keeps it locked (no automatic keychain unlock) until the person unlocks it. */
  lock(reason: 'user' | 'idle' | 'system'): Promise<SessionView>;
  signOut(): Promise<SessionView>;
  /** Called on every user action: the policy's logout timer counts from the last one. */
  touch(): void;
  /** The server ended the session (deactivated, device removed): lock, forget it, say why. */
  endedByServer(reason: PushSignOutReason): Promise<void>;
  close(): void;
}

/** How long a request for the session waits for the backend's answer before answering as it stands. */
const PROBE_WAIT_MS = 2_000;

export function createSessionManager(deps: SessionManagerDeps): SessionManager {
  const log = deps.logger.child({ scope: 'session' });
  const now = deps.now ?? Date.now;
  const sessions: SessionStore = createSessionStore(deps.keychain, deps.backend.baseUrl);
  const rememberedDevice = createRememberedDevice(deps);
  let active: ActiveSession | null = null;
  let restoring: Promise<void> | null = null;
  let lastActivity = now();
  /** Why the server ended the last session; shown on the sign-in screen until the next sign-in. */
  let endedReason: ContractError | null = null;
  let lockTimer: NodeJS.Timeout | null = null;
  let closed = false;
  scheduleIdleCheck();
  const vaultDeps: SessionVaultDeps = {
    backendUrl: deps.backend.baseUrl,
    keychain: deps.keychain,
    logger: log,
    client: deps.backend,
    ...(deps.dataDir === undefined ? {} : { dataDir: deps.dataDir }),
    now,
  };

  const connection = createSessionConnection({
    current: () => active,
    fetchMe,
    publish: async (a) => {
      const view = await render();
      if (active === a) deps.emit(view);
    },
    endedByServer: (reason) => endedByServer(reason),
    offlineWindowOver: (a) => offlineWindowOver(a),
    logger: log,
    ...(deps.reconnectMs === undefined ? {} : { reconnectMs: deps.reconnectMs }),
  });

  function scheduleIdleCheck(): void {
    if (closed) return;
    lockTimer = setTimeout(() => {
      checkIdle();
      scheduleIdleCheck();
    }, idleCheckEveryMs(active?.me.policy.logoutTimerMinutes ?? 0));
    lockTimer.unref?.();
  }

  function checkIdle(): void {
    if (!active || !active.vault.isUnlocked()) return;
    const minutes = active.me.policy.logoutTimerMinutes;
    if (minutes > 0 && now() - lastActivity > minutes * 60_000) {
      void lock('idle').catch((err: unknown) => log.warn({ err }, 'idle lock failed'));
    }
  }

  async function lock(reason: 'user' | 'idle' | 'system'): Promise<SessionView> {
    if (active) {
      active.lockedOnPurpose = true;
      active.vault.lock();
      log.info({ reason }, 'vault locked');
    }
    const view = await render();
    deps.emit(view);
    return view;
  }

  function makeActive(session: { token: string; userId: string }, me: MeAnswer, reachable: boolean, replica?: OfflineReplica): ActiveSession {
    const hooks = {
      onReachability: (now: boolean) => connection.reachability(made, now),
      onQueued: () => {
        if (made.reachable) connection.scheduleSync(made);
        void render().then((view) => active === made && deps.emit(view));
      },
    };
    const made: ActiveSession = {
      ...session,
      ...createSessionVault(vaultDeps, session, hooks, replica),
      reachable,
      me,
      unlockedWithheld: false,
      lockedOnPurpose: false,
    };
    return made;
  }

  async function offlineWindowOver(a: ActiveSession): Promise<void> {
    const expiredAt = a.replica?.expiresAt() ?? new Date(now());
    if (active === a) active = null;
    a.vault.lock();
    await a.replica?.wipe();
    // The session stays in the keychain: once the backend answers, the next start restores it.
    const expired = offlineCopyExpired(expiredAt);
    endedReason = { code: expired.code, message: expired.publicMessage };
    log.info('the offline window ran out; the offline copy was wiped');
    deps.onSessionChange?.(null);
    deps.emit(await render());
  }

  async function endedByServer(reason: PushSignOutReason): Promise<void> {
    const current = active;
    if (!current) return;
    active = null;
    current.vault.lock();
    await forgetOfflineCopy(current.replica, reason).catch((err: unknown) => log.warn({ err }, 'the offline copy was not wiped'));
    endedReason = serverSignOutReason(reason);
    log.info({ reason }, 'the server ended this session');
    deps.onSessionChange?.(null);
    await sessions.clear();
    deps.emit(await render());
  }

  /** The backend cannot be reached at start: open the offline copy where the role allows it. */
  async function restoreOffline(stored: StoredSession): Promise<void> {
    const { replica, account } = await openOfflineCopy<MeAnswer>(vaultDeps, stored.userId);
    const a = makeActive(stored, account, false, replica);
    a.lockedOnPurpose = needsPerson(account);
    active = a;
    log.info('the backend cannot be reached; the vault opens from its offline copy');
    deps.onSessionChange?.({ token: stored.token, userId: stored.userId });
    await tryUnlockFromKeychain();
  }

  async function fetchMe(token: string): Promise<MeAnswer> {
    return deps.backend.call(API.session.me, { token });
  }

  async function restore(): Promise<void> {
    const stored = await sessions.load();
    if (!stored) return;
    let me: MeAnswer;
    try {
      me = await fetchMe(stored.token);
    } catch (err) {
      if (isUnreachable(err)) return restoreOffline(stored);
      if (err instanceof AppError && (err.code === 'session_expired' || err.code === 'unauthorized' || err.code === 'user_deactivated')) {
        await forgetOfflineCopy(offlineReplicaFor(vaultDeps, stored.userId), err.code === 'user_deactivated' ? 'user_deactivated' : 'session_expired');
        await sessions.clear();
        return;
      }
      throw err;
    }
    const a = makeActive(stored, me, true);
    a.lockedOnPurpose = needsPerson(me);
    active = a;
    await followOfflinePolicy(a.replica, me, log);
    deps.onSessionChange?.({ token: stored.token, userId: stored.userId });
    await tryUnlockFromKeychain();
  }

  /** Where policy allows, the vault opens with the device key alone; otherwise it stays locked. */
  async function tryUnlockFromKeychain(): Promise<void> {
    if (active?.vault.isUnlocked()) active.lockedOnPurpose = false;
    if (!active || !active.me.vaultExists || active.vault.isUnlocked() || active.lockedOnPurpose) return;
    if (active.me.secondFactor === 'required') return;
    try {
      await active.vault.unlock({ deviceId: active.me.deviceId ?? '' });
      active.unlockedWithheld = !onboardingDone(active.me);
      deps.onVaultUnlocked?.();
      if (active.reachable) connection.scheduleSync(active);
    } catch (err) {
      // Stays locked: the unlock screen explains why (keychain missing, new device, …).
      log.info({ code: err instanceof AppError ? err.code : 'internal' }, 'vault not unlocked automatically');
    }
  }

  async function render(): Promise<SessionView> {
    return sessionViewOf(active, endedReason, now());
  }

  async function refresh(): Promise<SessionView> {
    if (!active) return SIGNED_OUT;
    const current = active;
    const before = current.me;
    try {
      current.me = await fetchMe(current.token);
    } catch (err) {
      // Offline with a copy to run on: the last known account stands in until the backend is back.
      if (!isUnreachable(err) || !current.replica?.enabled() || current.replica.expired()) throw err;
      connection.reachability(current, false);
    }
    if (current.reachable) await followOfflinePolicy(current.replica, current.me, log);
    const wasWithheld = active.unlockedWithheld || !onboardingDone(before);
    if (active.vault.isUnlocked() && wasWithheld && onboardingDone(active.me)) {
      // Onboarding just finished: the backend now returns the records it withheld.
      active.vault.lock();
    }
    await tryUnlockFromKeychain();
    const view = await render();
    deps.emit(view);
    return view;
  }

  return {
    async signedIn(answer) {
      active?.vault.lock();
      await sessions.save({ token: answer.session, userId: answer.user.id, expiresAt: answer.sessionExpiresAt });
      let me = await fetchMe(answer.session);
      if (me.secondFactor === 'required' && (await rememberedDevice.prove(answer.session, answer.user.id))) me = await fetchMe(answer.session);
      const a = makeActive({ token: answer.session, userId: answer.user.id }, me, true);
      active = a;
      await followOfflinePolicy(a.replica, me, log);
      lastActivity = now();
      endedReason = null;
      deps.onSessionChange?.({ token: answer.session, userId: answer.user.id });
      await tryUnlockFromKeychain();
      return render();
    },
    async view() {
      if (!active) {
        restoring ??= restore().finally(() => {
          restoring = null;
        });
      }
      // A restore sets the session before it tries the keychain: every caller waits for the
      // whole restore, or one of them would show "locked" while the vault is being opened.
      if (restoring) await restoring;
      // A refused connection answers at once; a silent network is given a moment, and its
      // answer still arrives as a session event later.
      else if (active?.reachable) await Promise.race([connection.probe(active), new Promise((resolve) => setTimeout(resolve, PROBE_WAIT_MS).unref?.())]);
      return render();
    },
    active() {
      if (!active) throw new AppError('session_expired', 'You are signed out. Sign in again.');
      return { token: active.token, vault: active.vault, policy: active.me.policy, user: active.me.user, deviceId: active.me.deviceId ?? '' };
    },
    refresh,
    async rememberDevice(secret) {
      if (active) await rememberedDevice.save(active.userId, secret);
    },
    lock,
    async signOut() {
      const current = active;
      active = null;
      if (current) {
        current.vault.lock();
        await current.replica?.wipe().catch((err: unknown) => log.warn({ err }, 'the offline copy was not wiped'));
        try {
          await deps.backend.call(API.session.logout, { token: current.token });
        } catch (err) {
          log.info({ code: err instanceof AppError ? err.code : 'internal' }, 'logout call failed; session forgotten locally');
        }
      }
      endedReason = null;
      deps.onSessionChange?.(null);
      await sessions.clear();
      deps.emit(SIGNED_OUT);
      return SIGNED_OUT;
    },
    endedByServer,
    touch() {
      lastActivity = now();
    },
    close() {
      closed = true;
      if (lockTimer) clearTimeout(lockTimer);
      connection.close();
      active?.vault.lock();
    },
  };
}
