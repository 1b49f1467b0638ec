import type { RolloutStage } from '../../../preload/channels/admin-channels';
import type { FunnelStep } from '../../../main/backend/admin/rollout-query';

export const STAGE_LABELS: Readonly<Record<RolloutStage, string>> = {
  sign_in: 'First sign-in',
  vault: 'Create vault',
  onboarding: 'Finish onboarding',
  second_factor: 'Set up second factor',
  finished: 'Finished',
};

export const FUNNEL_LABELS: Readonly<Record<FunnelStep, string>> = {
  provisioned: 'Provisioned',
  signedIn: 'Signed in',
  vaultCreated: 'Vault created',
  onboardingFinished: 'Onboarding finished',
  secondFactorEnrolled: 'Second factor enrolled',
  passwordsImported: 'Passwords imported',
};

export const FUNNEL_ORDER: readonly FunnelStep[] = ['provisioned', 'signedIn', 'vaultCreated', 'onboardingFinished', 'secondFactorEnrolled', 'passwordsImported'];

export function formatDate(iso: string | null): string {
  if (iso === null) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}
