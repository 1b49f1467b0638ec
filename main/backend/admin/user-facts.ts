import { ROLLOUT_STAGES } from '../../api/endpoints/admin';
import { sql, type RawBuilder } from 'kysely';
import type { TenantConfig } from '../config/tenant-config';

/**
 * The rollout facts of a user, as SQL over `users as u` (portable: SQLite and PostgreSQL).
 * One definition serves the users table, the dashboard counts and the stuck list, so the three
 * never disagree about what "signed in" or "onboarded" means.
 */
export type RolloutStage = (typeof ROLLOUT_STAGES)[number];

const none = sql<boolean>`1 = 0`;

function roleIn(roles: readonly string[]): RawBuilder<boolean> {
  return roles.length === 0 ? none : sql<boolean>`u.role in (${sql.join(roles)})`;
}

export interface UserFacts {
  readonly signedIn: RawBuilder<boolean>;
  readonly vaultCreated: RawBuilder<boolean>;
  readonly onboardingFinished: RawBuilder<boolean>;
  readonly secondFactorEnrolled: RawBuilder<boolean>;
  readonly passwordsImported: RawBuilder<boolean>;
  /** The first step a (non-deactivated) user has not reached; 'finished' when none is left. */
  readonly stage: RawBuilder<RolloutStage>;
}

export function userFacts(config: TenantConfig): UserFacts {
  // A device row is written by every successful sign-in; SCIM-invited users have none.
  const signedIn = sql<boolean>`(u.last_sign_in_at is not null and u.status <> 'invited' or exists (select 1 from devices d where d.user_id = u.id))`;
  const vaultCreated = sql<boolean>`exists (select 1 from vault v where v.user_id = u.id)`;
  const noOnboarding = config.roles.filter((r) => !r.policy.onboarding).map((r) => r.name);
  const onboardingFinished = sql<boolean>`(exists (select 1 from onboarding_progress o where o.user_id = u.id and o.step = 'done') or (${roleIn(noOnboarding)} and ${vaultCreated}))`;
  const secondFactorEnrolled = sql<boolean>`(exists (select 1 from two_factor_totp t where t.user_id = u.id and t.confirmed = 1) or exists (select 1 from two_factor_webauthn w where w.user_id = u.id))`;
  const passwordsImported = sql<boolean>`exists (select 1 from onboarding_progress o where o.user_id = u.id and o.step = 'import' and o.status = 'done')`;
  const twoFactorRoles = config.roles.filter((r) => r.policy.requireTwoFactor).map((r) => r.name);
  const stage = sql<RolloutStage>`case
    when not ${signedIn} then 'sign_in'
    when not ${vaultCreated} then 'vault'
    when not ${onboardingFinished} then 'onboarding'
    when ${roleIn(twoFactorRoles)} and not ${secondFactorEnrolled} then 'second_factor'
    else 'finished' end`;
  return { signedIn, vaultCreated, onboardingFinished, secondFactorEnrolled, passwordsImported, stage };
}

/** `1`/`0` for summing a condition (both dialects). */
export function countIf(condition: RawBuilder<boolean>): RawBuilder<number> {
  return sql<number>`sum(case when ${condition} then 1 else 0 end)`;
}
