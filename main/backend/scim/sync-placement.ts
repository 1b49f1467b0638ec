import type { TenantConfig } from '../config/tenant-config';
import type { Repositories, UserRow } from '../store/store';
import { placementFor, type GroupRef } from './role-mapping';

/**
 * Re-derives a user's node and role from their groups (role mappings) and moves them when it
 * changed, with a `user.role_changed` audit event naming the cause. Runs inside the caller's
 * transaction, on every SCIM change and every sign-in.
 */
export async function syncPlacement(
  repos: Repositories,
  config: TenantConfig,
  user: UserRow,
  o: {
    now: Date;
    claimGroups?: readonly string[];
    actor?: string;
    connectionId?: string;
    /** The user's SCIM groups when the caller already knows them; else they are read. */
    scimGroups?: readonly GroupRef[];
  },
): Promise<UserRow> {
  const groups = o.scimGroups ?? (await repos.scim.groupsOf([user.id])).get(user.id) ?? [];
  const placement = placementFor(config, user, groups, o.claimGroups ?? []);
  if (placement === null || (placement.node === user.node && placement.role === user.role)) return user;
  await repos.scim.setPlacement(user.id, placement, o.now);
  await repos.audit.append({
    type: 'user.role_changed',
    at: o.now,
    userId: user.id,
    connectionId: o.connectionId ?? null,
    details: {
      from: { node: user.node, role: user.role },
      to: { node: placement.node, role: placement.role },
      ...(placement.mappingGroup === null ? {} : { group: placement.mappingGroup }),
      ...(o.actor === undefined ? {} : { actor: o.actor }),
    },
  });
  return { ...user, node: placement.node, role: placement.role, updatedAt: o.now };
}
