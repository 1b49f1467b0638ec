import type { Repositories, UserRow } from '../store/store';

/**
 * Audits a status change and, on deactivation, ends every way back in at once (sessions,
 * remembered second factors) inside the caller's transaction. Reactivation leaves the vault and
 * devices as they were: the next SSO sign-in opens the same vault.
 */
export async function afterStatusChange(
  repos: Repositories,
  before: Pick<UserRow, 'id' | 'status'>,
  after: Pick<UserRow, 'id' | 'status'>,
  o: { now: Date; actor: string },
): Promise<void> {
  if (after.status === 'deactivated' && before.status !== 'deactivated') {
    const revoked = await repos.scim.revokeAccess(after.id, o.now);
    await repos.audit.append({ type: 'user.deactivated', at: o.now, userId: after.id, details: { actor: o.actor, sessionsRevoked: revoked.sessions } });
  } else if (before.status === 'deactivated' && after.status !== 'deactivated') {
    await repos.audit.append({ type: 'user.activated', at: o.now, userId: after.id, details: { actor: o.actor, status: after.status } });
  }
}
