import { AppError } from '../errors/app-error';
import type { Logger } from '../log/logger';
import { planOnboarding, requiredStepsComplete } from '../policy/onboarding-planner';
import type { OnboardingPlan, OnboardingProgress, StepId } from '../policy/onboarding-steps';
import type { EnforcementPolicy, TwoFactorMethod } from '../policy/enforcement-policy';
import type { ContractError, SessionView, SignedInUser } from '../../preload/contract';
import type { PushSignOutReason } from '../devices/push-client';
import { serverSignOutReason } from '../devices/server-sign-out';
import { loadOrCreateDeviceKeyPair } from '../devices/device-key-pair';
import { createHttpVaultApi } from '../vault/api/http-vault-api';
import type { Keychain } from '../vault/keychain/keychain';
import { keychainAccountPrefix } from '../vault/keychain/keychain';
import { createVaultService, type VaultService } from '../vault/vault-service';
import type { BackendClient, DeviceInfo, LoginAnswer } from './backend-client';
import { createRememberedDevice } from './remembered-device';
import { createSessionStore, type SessionStore } from './session-store';

interface MeAnswer {
  readonly user: SignedInUser;
  readonly policy: EnforcementPolicy;
  readonly vaultExists: boolean;
  readonly deviceId: string;
  readonly sessionExpiresAt: string;
  readonly onboarding: readonly { step: StepId; status: 'done' | 'skipped' }[];
  readonly secondFactor?: 'not-needed' | 'required' | 'verified';
  readonly enrolledMethods?: readonly TwoFactorMethod[];
  /** The backend's plan is authoritative; the local planner is the same code. */
  readonly onboardingPlan?: OnboardingPlan;
}

interface Active {
  readonly token: string;
  readonly userId: string;
  readonly vault: VaultService;
  me: MeAnswer;
  /** Unlocked while the backend still withheld records (onboarding not finished). */
  unlockedWithheld: boolean;
  /** Locked on purpose (Lock, idle, OS lock): only the person's unlock opens it again. */
  lockedOnPurpose: boolean;
}

export interface SessionManagerDeps {
  readonly backend: BackendClient;
  readonly keychain: Keychain;
  readonly device: DeviceInfo;
  readonly logger: Logger;
  readonly emit: (view: SessionView) => void;
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
  /** Told whenever the signed-in session changes (the push channel follows it). */
  readonly onSessionChange?: (session: { readonly token: string; readonly userId: string } | null) => void;
  /** Told when the vault opened from the keychain by itself (account recovery enrols then). */
  readonly onVaultUnlocked?: () => void;
}

export interface SessionManager {
  signedIn(answer: LoginAnswer): Promise<SessionView>;
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

const SIGNED_OUT: SessionView = { kind: 'signed-out' };

export function createSessionManager(deps: SessionManagerDeps): SessionManager {
  const log = deps.logger.child({ scope: 'session' });
  const now = deps.now ?? Date.now;
  const sessions: SessionStore = createSessionStore(deps.keychain, deps.backend.baseUrl);
  const rememberedDevice = createRememberedDevice(deps);
  let active: Active | null = null;
  let restoring: Promise<void> | null = null;
  let lastActivity = now();
  /** Why the server ended the last session; shown on the sign-in screen until the next sign-in. */
  let endedReason: ContractError | null = null;
  const lockTimer = setInterval(() => checkIdle(), 15_000);
  lockTimer.unref?.();

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

  function makeVault(token: string, userId: string): VaultService {
    return createVaultService({
      api: createHttpVaultApi({ baseUrl: deps.backend.baseUrl, sessionToken: token, fetch: deps.fetch ?? fetch }),
      keychain: deps.keychain,
      accountPrefix: keychainAccountPrefix(deps.backend.baseUrl, userId),
      logger: log,
      devicePair: (deviceId) => loadOrCreateDeviceKeyPair(deps.keychain, keychainAccountPrefix(deps.backend.baseUrl, userId), deviceId),
    });
  }

  async function fetchMe(token: string): Promise<MeAnswer> {
    return deps.backend.call<MeAnswer>('GET', '/v1/me', token);
  }

  async function restore(): Promise<void> {
    const stored = await sessions.load();
    if (!stored) return;
    try {
      const me = await fetchMe(stored.token);
      // A restart is not a sign-in: where the policy's unlock is the master password or a new
      // sign-in, a finished vault stays locked until the person gives it (policy `unlock`).
      const needsPerson = me.policy.unlock !== 'device' && me.vaultExists && requiredStepsComplete(planFor(me));
      active = { token: stored.token, userId: stored.userId, vault: makeVault(stored.token, stored.userId), me, unlockedWithheld: false, lockedOnPurpose: needsPerson };
      deps.onSessionChange?.({ token: stored.token, userId: stored.userId });
      await tryUnlockFromKeychain();
    } catch (err) {
      if (err instanceof AppError && (err.code === 'session_expired' || err.code === 'unauthorized' || err.code === 'user_deactivated')) {
        await sessions.clear();
        return;
      }
      throw err;
    }
  }

  /** Where policy allows, the vault opens with the device key alone; otherwise it stays locked. */
  async function tryUnlockFromKeychain(): Promise<void> {
    if (active?.vault.isUnlocked()) active.lockedOnPurpose = false;
    if (!active || !active.me.vaultExists || active.vault.isUnlocked() || active.lockedOnPurpose) return;
    if (active.me.secondFactor === 'required') return;
    try {
      await active.vault.unlock({ deviceId: active.me.deviceId });
      active.unlockedWithheld = !requiredStepsComplete(planFor(active.me));
      deps.onVaultUnlocked?.();
    } catch (err) {
      // Stays locked: the unlock screen explains why (keychain missing, new device, …).
      log.info({ code: err instanceof AppError ? err.code : 'internal' }, 'vault not unlocked automatically');
    }
  }

  function planFor(me: MeAnswer): OnboardingPlan {
    if (me.onboardingPlan) return me.onboardingPlan;
    const progress: OnboardingProgress = Object.fromEntries(me.onboarding.map((o) => [o.step, o.status]));
    return planOnboarding(me.policy, progress, { vaultExists: me.vaultExists, enrolledMethods: me.enrolledMethods ?? [] });
  }

  async function render(): Promise<SessionView> {
    if (!active) return endedReason === null ? SIGNED_OUT : { kind: 'signed-out', reason: endedReason };
    const me = active.me;
    const plan = planFor(me);
    return {
      kind: 'signed-in',
      user: me.user,
      policy: me.policy,
      vaultExists: me.vaultExists,
      vaultUnlocked: active.vault.isUnlocked(),
      secondFactor: me.secondFactor ?? 'not-needed',
      onboarding: plan,
    };
  }

  async function refresh(): Promise<SessionView> {
    if (!active) return SIGNED_OUT;
    const before = active.me;
    active.me = await fetchMe(active.token);
    const wasWithheld = active.unlockedWithheld || !requiredStepsComplete(planFor(before));
    if (active.vault.isUnlocked() && wasWithheld && requiredStepsComplete(planFor(active.me))) {
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
      active = { token: answer.session, userId: answer.user.id, vault: makeVault(answer.session, answer.user.id), me, unlockedWithheld: false, lockedOnPurpose: false };
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
      return render();
    },
    active() {
      if (!active) throw new AppError('session_expired', 'You are signed out. Sign in again.');
      return { token: active.token, vault: active.vault, policy: active.me.policy, user: active.me.user, deviceId: active.me.deviceId };
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
        try {
          await deps.backend.call('POST', '/v1/sessions/logout', current.token, {});
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
    async endedByServer(reason) {
      const current = active;
      if (!current) return;
      active = null;
      current.vault.lock();
      endedReason = serverSignOutReason(reason);
      log.info({ reason }, 'the server ended this session');
      deps.onSessionChange?.(null);
      await sessions.clear();
      deps.emit(await render());
    },
    touch() {
      lastActivity = now();
    },
    close() {
      clearInterval(lockTimer);
      active?.vault.lock();
    },
  };
}
