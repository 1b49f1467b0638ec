import { AppError } from '../../errors/app-error';
import type { SsoConnection, TenantConfig } from '../config/tenant-config';
import { placementFor } from '../scim/role-mapping';
import { failed, passed, type CheckResult } from '../sso/check-result';
import type { Store } from '../store/store';

export interface PlacementPreview {
  readonly check: CheckResult;
  /** Where a sign-in of this identity would land; null when it would be refused. */
  readonly placement: { readonly user: 'existing' | 'new'; readonly node: string; readonly role: string } | null;
}

/**
 * What a real sign-in of this identity would do to the directory — find the person or
 * provision them just in time, and where role mappings put them — read only: nothing is
 * created or moved (jit/finish-sign-in.ts does that at a real sign-in).
 */
export async function previewPlacement(
  deps: { readonly store: Store; readonly config: TenantConfig },
  connection: SsoConnection,
  email: string,
  groups: readonly string[] | undefined,
): Promise<PlacementPreview> {
  const user = await deps.store.users.findForSignIn(email);
  if (user === undefined) {
    if (!connection.jit) {
      return { check: failed('placement', new AppError('jit_disabled', 'Nobody with this email exists and JIT is off on this connection: a sign-in would be refused.')), placement: null };
    }
    const p = placementFor(deps.config, { node: connection.node, assignedNode: connection.node, assignedRole: null }, [], groups ?? []);
    if (p === null) return { check: failed('placement', new AppError('config_invalid', `Node "${connection.node}" has no default role.`)), placement: null };
    return {
      check: passed('placement', `JIT would provision a new person into ${p.node} with the role ${p.role}${p.mappingGroup === null ? '' : ` (role mapping of group "${p.mappingGroup}")`}`),
      placement: { user: 'new', node: p.node, role: p.role },
    };
  }
  if (user.status === 'deactivated') {
    return { check: failed('placement', new AppError('user_deactivated', 'This person exists but is deactivated: a sign-in would be refused.')), placement: null };
  }
  const scimGroups = (await deps.store.scim.groupsOf([user.id])).get(user.id) ?? [];
  // Without the groups attribute in this answer, a connection that names one keeps the last placement (as at sign-in).
  const p = groups === undefined && connection.groupsAttribute !== null ? null : placementFor(deps.config, user, scimGroups, groups ?? []);
  const node = p?.node ?? user.node;
  const role = p?.role ?? user.role;
  return {
    check: passed('placement', `an existing person (${user.status}) would sign in to ${node} with the role ${role}${node === user.node && role === user.role ? '' : ` (moved from ${user.node} / ${user.role})`}`),
    placement: { user: 'existing', node, role },
  };
}
