import type { AdminPermission } from '../../policy/enforcement-policy';
import type { TenantConfig } from '../config/tenant-config';

/**
 * Who is calling an admin endpoint. `nodes` is the closed list of nodes the caller may see and
 * change (the scope node and its descendants); null means every node (the admin token).
 * Every admin query takes it and filters in SQL, so a scoped admin cannot reach past it.
 */
export interface AdminPrincipal {
  readonly kind: 'token' | 'session';
  /** Written into audit events as the actor: the admin's email, or "admin token". */
  readonly actor: string;
  readonly actorUserId: string | null;
  readonly scope: string | null;
  readonly nodes: readonly string[] | null;
  readonly permissions: ReadonlySet<AdminPermission>;
}

/** The node and every node below it, in tree order. */
export function nodesUnder(config: TenantConfig, scope: string): string[] {
  const out = [scope];
  for (let i = 0; i < out.length; i += 1) {
    for (const n of config.nodes) if (n.parent === out[i]) out.push(n.name);
  }
  return out;
}

export function inScope(principal: AdminPrincipal, node: string): boolean {
  return principal.nodes === null || principal.nodes.includes(node);
}
