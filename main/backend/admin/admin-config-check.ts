import type { ConfigIssue } from '../config/config-error';
import type { TenantConfigInput } from '../config/tenant-config-schema';

/** Every role's `policy.admin.scope` must name a node of the tree. */
export function checkAdminScopes(input: TenantConfigInput, nodes: ReadonlySet<string>): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  input.roles.forEach((r, i) => {
    const scope = r.policy?.admin?.scope;
    if (scope !== undefined && !nodes.has(scope)) issues.push({ path: `roles[${i}].policy.admin.scope`, reason: `unknown node "${scope}"` });
  });
  return issues;
}
