import type { EnforcementPolicy, TwoFactorMethod } from '../../policy/enforcement-policy';

/**
 * What a session must do about a second factor once SSO has succeeded.
 * - `not_needed`: the session may open the vault.
 * - `verify`: prove one of `methods` (the enrolled ones the policy allows) before the vault.
 * - `enrol`: the role requires two-factor and nothing allowed is enrolled; the session may only
 *   enrol (the onboarding two-factor step), which is why the planner keeps that step even with
 *   onboarding off.
 */
export type SecondFactorDecision =
  | { readonly kind: 'not_needed' }
  | { readonly kind: 'verify'; readonly methods: readonly TwoFactorMethod[] }
  | { readonly kind: 'enrol'; readonly methods: readonly TwoFactorMethod[] };

export interface SecondFactorInput {
  readonly policy: EnforcementPolicy;
  readonly enrolledMethods: readonly TwoFactorMethod[];
  readonly deviceRemembered: boolean;
}

/**
 * A user who enrolled a method proves it at sign-in even where the role does not require
 * two-factor: an enrolled factor the attacker can skip protects nothing. Methods the policy
 * no longer allows are ignored, so an administrator who withdraws a method withdraws it
 * everywhere. A remembered device skips the proof only, never the enrolment.
 */
export function secondFactorNeeded(input: SecondFactorInput): SecondFactorDecision {
  const { policy, enrolledMethods, deviceRemembered } = input;
  const usable = policy.twoFactorMethods.filter((m) => enrolledMethods.includes(m));
  if (usable.length > 0) return deviceRemembered ? { kind: 'not_needed' } : { kind: 'verify', methods: usable };
  if (policy.requireTwoFactor) return { kind: 'enrol', methods: [...policy.twoFactorMethods] };
  return { kind: 'not_needed' };
}
