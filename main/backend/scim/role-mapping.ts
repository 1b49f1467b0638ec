import { defaultRoleForNode, type TenantConfig } from '../config/tenant-config';

export interface GroupRef {
  readonly displayName: string;
  readonly externalId: string | null;
}

export interface Placement {
  readonly node: string;
  readonly role: string;
  /** The roleMappings entry that decided, or null when the user's own placement did. */
  readonly mappingGroup: string | null;
}

/**
 * Where a user belongs. Precedence: the FIRST entry of `roleMappings` (in file order) whose
 * group the user is in — by SCIM group displayName or externalId, or by a value of the sign-in's
 * groups attribute/claim, all compared case-insensitively — sets the role, and the node when the
 * entry names one. With no match: the role SCIM assigned (Keyhaven extension), else the node's
 * default role. Null when no role can be found (a node without any default role).
 */
export function placementFor(
  config: TenantConfig,
  user: { readonly node: string; readonly assignedNode: string | null; readonly assignedRole: string | null },
  groups: readonly GroupRef[],
  claimGroups: readonly string[] = [],
): Placement | null {
  const names = new Set<string>();
  for (const g of groups) {
    names.add(g.displayName.toLowerCase());
    if (g.externalId !== null) names.add(g.externalId.toLowerCase());
  }
  for (const c of claimGroups) names.add(c.toLowerCase());
  const baseNode = user.assignedNode ?? user.node;
  const mapping = config.roleMappings.find((m) => names.has(m.group.toLowerCase()));
  if (mapping !== undefined) return { node: mapping.node ?? baseNode, role: mapping.role, mappingGroup: mapping.group };
  const role = user.assignedRole ?? defaultRoleForNode(config, baseNode);
  return role === null ? null : { node: baseNode, role, mappingGroup: null };
}

/** The values of a SAML attribute / OIDC claim that lists groups (a string, or an array of strings). */
export function groupsFromClaim(value: unknown): string[] {
  if (typeof value === 'string') return value === '' ? [] : [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && v !== '').slice(0, 1000);
  return [];
}
