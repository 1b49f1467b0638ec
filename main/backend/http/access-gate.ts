import { AppError } from '../../errors/app-error';
import { DEFAULT_POLICY, type EnforcementPolicy, type TwoFactorMethod } from '../../policy/enforcement-policy';
import { planOnboarding, requiredStepsComplete } from '../../policy/onboarding-planner';
import type { OnboardingPlan, OnboardingProgress } from '../../policy/onboarding-steps';
import { findRole } from '../config/tenant-config';
import { assertIpAllowed } from './ip-allowlist';
import { secondFactorNeeded } from '../two-factor/second-factor-needed';
import type { TwoFactorService } from '../two-factor/two-factor-service';
import type { SessionAuth } from './authenticate';
import type { BackendContext } from './backend-context';

export type SecondFactorState = 'not-needed' | 'required' | 'verified';

export interface AccessState {
  readonly policy: EnforcementPolicy;
  readonly enrolledMethods: readonly TwoFactorMethod[];
  readonly secondFactor: SecondFactorState;
  readonly progress: OnboardingProgress;
  readonly plan: OnboardingPlan;
  readonly vaultExists: boolean;
}

export interface AccessGate {
  state(auth: SessionAuth): Promise<AccessState>;
  /** Every vault call: a session that still owes its second factor gets nothing. */
  requireSecondFactor(auth: SessionAuth, clientIp: string | undefined): Promise<AccessState>;
  /** Reading the vault: also waits for the role's required onboarding steps. */
  mayReadVault(state: AccessState): boolean;
}

/**
 * Where the role's policy is enforced on the server, whatever the app does: the second factor
 * after SSO (a remembered device proves itself with its secret) and the required onboarding steps.
 */
export function createAccessGate(ctx: BackendContext, twoFactor: TwoFactorService): AccessGate {
  async function state(auth: SessionAuth): Promise<AccessState> {
    const policy = findRole(ctx.config, auth.user.role)?.policy ?? DEFAULT_POLICY;
    const [enrolled, rows, vault] = await Promise.all([
      twoFactor.enrolledMethods(auth.user.id),
      ctx.store.onboarding.list(auth.user.id),
      ctx.store.vault.get(auth.user.id),
    ]);
    const enrolledMethods = enrolled.filter((m) => policy.twoFactorMethods.includes(m));
    let secondFactor: SecondFactorState = 'not-needed';
    if (auth.session.secondFactorVerifiedAt !== null) {
      secondFactor = 'verified';
    } else {
      // A remembered device is never taken from the session's device id: the app proves it with
      // its remember secret (POST /v1/two-factor/remembered-device), which verifies the session.
      const decision = secondFactorNeeded({ policy, enrolledMethods, deviceRemembered: false });
      if (decision.kind === 'verify') secondFactor = 'required';
    }
    const progress: OnboardingProgress = Object.fromEntries(rows.map((r) => [r.step, r.status]));
    const plan = planOnboarding(policy, progress, { vaultExists: vault !== undefined, enrolledMethods });
    return { policy, enrolledMethods, secondFactor, progress, plan, vaultExists: vault !== undefined };
  }
  return {
    state,
    async requireSecondFactor(auth, clientIp) {
      const s = await state(auth);
      assertIpAllowed(s.policy.ipAllowlist, clientIp);
      if (s.secondFactor === 'required') {
        throw new AppError('two_factor_required', 'Confirm it’s you with your second factor first.');
      }
      return s;
    },
    mayReadVault: (s) => requiredStepsComplete(s.plan),
  };
}
