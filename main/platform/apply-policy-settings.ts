import type { SessionView } from '../../preload/contract';
import type { EffectiveSettings, EffectiveSettingsOptions, SettingsStore } from './settings';

/**
 * The signed-in role's policy changes settings too (`launchAtStartup: true` forces the login
 * item on), but the policy is only known after sign-in. On every signed-in session event this
 * recomputes the effective settings with the policy and hands them to the host — only when the
 * value the OS needs changed, since session events also come for every lock and unlock.
 */
export interface PolicySettingsDeps {
  readonly settings: Pick<SettingsStore, 'effective'>;
  readonly apply: (effective: EffectiveSettings) => Promise<void>;
  readonly onError: (err: unknown) => void;
}

export function createPolicySettingsApplier(deps: PolicySettingsDeps): (view: SessionView) => Promise<void> {
  let applied: boolean | null = null;
  return async (view) => {
    if (view.kind !== 'signed-in') return;
    try {
      const effective = await deps.settings.effective({ policy: view.policy });
      if (effective.launchAtStartup.value === applied) return;
      await deps.apply(effective);
      applied = effective.launchAtStartup.value;
    } catch (err) {
      deps.onError(err);
    }
  };
}

/** The signed-in role's policy as settings options; none while signed out (or when the session cannot be read). */
export async function policySettingsOptions(sessions: { view(): Promise<SessionView> }): Promise<EffectiveSettingsOptions> {
  const view = await sessions.view().catch(() => null);
  return view?.kind === 'signed-in' ? { policy: view.policy } : {};
}
