import type { ContractError, SessionView } from '../../preload/contract';
import { requiredStepsComplete } from '../policy/onboarding-planner';
import type { OfflineReplica } from '../vault/offline/offline-replica';
import type { VaultService } from '../vault/vault-service';
import type { MeAnswer } from '../api/endpoints/session';

/** The signed-in session as the session manager holds it. */
export interface ActiveSession {
  readonly token: string;
  readonly userId: string;
  readonly vault: VaultService;
  /** The offline copy (null where the host keeps none). */
  readonly replica: OfflineReplica | null;
  /** false while the backend cannot be reached (the vault then runs on the offline copy). */
  reachable: boolean;
  me: MeAnswer;
  /** Unlocked while the backend still withheld records (onboarding not finished). */
  unlockedWithheld: boolean;
  /** Locked on purpose (Lock, idle, OS lock): only the person's unlock opens it again. */
  lockedOnPurpose: boolean;
}

export const SIGNED_OUT: SessionView = { kind: 'signed-out' };

/** The backend's plan is authoritative (the planner it runs is main/policy's, the app's own). */
export function onboardingDone(me: MeAnswer): boolean {
  return requiredStepsComplete(me.onboardingPlan);
}

/**
 * A restart is not a sign-in: where the policy's unlock is the master password or a new
 * sign-in, a finished vault stays locked until the person gives it (policy `unlock`).
 */
export function needsPerson(me: MeAnswer): boolean {
  return me.policy.unlock !== 'device' && me.vaultExists && onboardingDone(me);
}

/** How often the idle lock is checked: every 15 s, or four times within a shorter logout timer. */
export function idleCheckEveryMs(logoutTimerMinutes: number): number {
  const timerMs = logoutTimerMinutes * 60_000;
  return timerMs > 0 ? Math.min(15_000, Math.max(1_000, timerMs / 4)) : 15_000;
}

/** What the window is told of the session; `endedReason` says why the server ended the last one. */
export function sessionViewOf(active: ActiveSession | null, endedReason: ContractError | null, now: number): SessionView {
  if (!active) return endedReason === null ? SIGNED_OUT : { kind: 'signed-out', reason: endedReason };
  const me = active.me;
  return {
    kind: 'signed-in',
    user: me.user,
    policy: me.policy,
    vaultExists: me.vaultExists,
    vaultUnlocked: active.vault.isUnlocked(),
    secondFactor: me.secondFactor ?? 'not-needed',
    onboarding: me.onboardingPlan,
    ...(active.reachable || !active.replica?.enabled() ? {} : { offline: { since: active.replica?.lastContactAt() ?? new Date(now).toISOString(), pendingChanges: active.replica?.pending().length ?? 0 } }),
  };
}
