import type { ConfigIssue } from './config-error';
import type { TenantConfigInput } from './tenant-config-schema';

/** Cross-checks `scim.tokens` and `roleMappings`: unique token names and hashes, known roles and nodes. */
export function checkScimAndRoleMappings(input: TenantConfigInput, roles: ReadonlySet<string>, nodes: ReadonlySet<string>): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const names = new Set<string>();
  const hashes = new Set<string>();
  input.scim.tokens.forEach((t, i) => {
    if (names.has(t.name)) issues.push({ path: `scim.tokens[${i}].name`, reason: `duplicate token name "${t.name}"` });
    if (hashes.has(t.sha256)) issues.push({ path: `scim.tokens[${i}].sha256`, reason: 'the same token hash is listed twice' });
    names.add(t.name);
    hashes.add(t.sha256);
  });
  input.roleMappings.forEach((m, i) => {
    if (!roles.has(m.role)) issues.push({ path: `roleMappings[${i}].role`, reason: `unknown role "${m.role}"` });
    if (m.node !== undefined && !nodes.has(m.node)) issues.push({ path: `roleMappings[${i}].node`, reason: `unknown node "${m.node}"` });
  });
  return issues;
}
